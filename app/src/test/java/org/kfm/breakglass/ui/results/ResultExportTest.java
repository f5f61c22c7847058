package org.kfm.breakglass.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.InMemoryConsolePort;
import org.kfm.breakglass.ui.RecordingDialogs;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TargetChoice;

class ResultExportTest {
    @TempDir
    Path dir;

    private final InMemoryConsolePort port = new InMemoryConsolePort();
    private final RecordingDialogs dialogs = new RecordingDialogs();
    private ResultExport export;

    @BeforeEach
    void session() throws Exception {
        var handle = port.start(
                new TargetChoice("prod", "gis", "svc/postgis:5432", "gis"),
                new JustificationInput(
                        "Investigating the broken parcels import", "INC-1", Duration.ofMinutes(30), Mode.READ_ONLY));
        export = new ResultExport(handle, port.exportWriter(), dialogs, BackgroundWork.direct());
    }

    private ResultViewModel finished(boolean spatial) {
        var result = new ResultViewModel(new Statement("select 1", 0), false);
        var l = result.listener(UiThread.direct());
        l.columns(List.of(new ColumnInfo("id", "int4", false), new ColumnInfo("geom", "geometry", spatial)));
        l.rows(List.of(List.of(1, "0101000020E6100000"), java.util.Arrays.asList(2, null)));
        l.done(2, 1.0);
        return result;
    }

    @Test
    void exportIsRecordedWithTheEngineThenWritten() throws Exception {
        dialogs.saveFile = Optional.of(dir.resolve("out.csv"));
        export.export(finished(true), "csv");
        assertThat(port.exports).containsExactly("csv:2");
        assertThat(Files.readString(dir.resolve("out.csv"))).startsWith("csv 2 columns, 2 rows");
        assertThat(export.statusProperty().get()).startsWith("Exported 2 rows");
    }

    @Test
    void geoJsonNeedsAGeometryColumn() {
        dialogs.saveFile = Optional.of(dir.resolve("out.geojson"));
        export.export(finished(false), "geojson");
        assertThat(port.exports).isEmpty();
        assertThat(dialogs.shown).anySatisfy(s -> assertThat(s).contains("GeoJSON needs a geometry column"));
    }

    @Test
    void cancelledFileChooserRecordsNothing() {
        export.export(finished(true), "geojson");
        assertThat(port.exports).isEmpty();
    }

    @Test
    void rowSelectionIsSortedAndDistinctForTheMap() {
        var selection = new RowSelection();
        selection.select(List.of(5, 2, 5));
        assertThat(selection.selected()).containsExactly(2, 5);
        selection.clear();
        assertThat(selection.selected()).isEmpty();
    }

    @Test
    void nullAndLongValuesAreShownDistinctly() {
        assertThat(CellText.cell(null)).isEqualTo("NULL");
        assertThat(CellText.clipboard(null)).isEmpty();
        assertThat(CellText.cell("x".repeat(500)))
                .hasSize(CellText.MAX_CELL_CHARS)
                .endsWith("…");
        assertThat(CellText.full("x".repeat(500))).hasSize(500);
    }
}
