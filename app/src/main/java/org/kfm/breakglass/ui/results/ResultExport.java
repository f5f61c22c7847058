package org.kfm.breakglass.ui.results;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.port.ExportWriter;
import org.kfm.breakglass.ui.port.SessionHandle;

/** Export of a result: choose a file, record the export with the engine (audit first), then write it. */
public final class ResultExport {
    private final SessionHandle handle;
    private final ExportWriter writer;
    private final DialogService dialogs;
    private final BackgroundWork work;
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public ResultExport(SessionHandle handle, ExportWriter writer, DialogService dialogs, BackgroundWork work) {
        this.handle = handle;
        this.writer = writer;
        this.dialogs = dialogs;
        this.work = work;
    }

    /** @param format {@code "csv"} or {@code "geojson"} */
    public void export(ResultViewModel result, String format) {
        if (result.stateProperty().get() != RunState.DONE) {
            dialogs.showError("Export", "Only a finished result can be exported.");
            return;
        }
        if (format.equals("geojson") && !result.hasSpatialColumn()) {
            dialogs.showError("Export", "GeoJSON needs a geometry column; this result has none. Export CSV instead.");
            return;
        }
        var file = dialogs.askSaveFile("Export " + format.toUpperCase(Locale.ROOT), format, "result." + format);
        if (file.isEmpty()) {
            return;
        }
        var columns = List.copyOf(result.columns());
        var rows = List.copyOf(result.rows());
        status.set("Exporting " + rows.size() + " rows…");
        work.submit(
                "export",
                () -> {
                    handle.recordExport(format, rows.size());
                    writer.write(format, columns, rows, file.get());
                    return file.get();
                },
                path -> status.set("Exported " + rows.size() + " rows to " + path),
                failure -> {
                    status.set("");
                    dialogs.showError("Export failed", Problems.describe(failure));
                });
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
