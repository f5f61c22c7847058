package org.kfm.breakglass.ui.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.ui.BackgroundWork;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/** The view model without a toolkit: background steps are run one by one to observe streaming. */
class SpatialPreviewViewModelTest {

    /** Background work that waits until the test runs it, so intermediate states can be checked. */
    private static final class SteppedWork implements BackgroundWork {
        private final Queue<Runnable> steps = new ArrayDeque<>();

        @Override
        public <T> void submit(
                String name, Callable<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
            steps.add(() -> BackgroundWork.direct().submit(name, task, onSuccess, onFailure));
        }

        void step() {
            steps.remove().run();
        }

        void drain() {
            while (!steps.isEmpty()) {
                step();
            }
        }
    }

    private static List<GeometryRow> pointGrid(int count, int srid) {
        var factory = new GeometryFactory();
        var writer = new WKBWriter(2, true);
        var rows = new ArrayList<GeometryRow>();
        for (int i = 0; i < count; i++) {
            var p = factory.createPoint(new Coordinate(i % 200, i / 200));
            p.setSRID(srid);
            rows.add(new GeometryRow(i, WKBWriter.toHex(writer.write(p))));
        }
        return rows;
    }

    @Test
    void streamedRowsAreDrawnChunkByChunkWithProgress() {
        var work = new SteppedWork();
        var model = new SpatialPreviewViewModel(work);
        model.resize(800, 500);

        model.beginResult(List.of("geom"), 25_000);
        model.append("geom", pointGrid(25_000, 4326));
        model.complete("geom");
        work.step(); // first chunk decoded, first plan requested

        assertThat(model.busyProperty().get()).isTrue();
        assertThat(model.progressProperty().get()).isEqualTo(0.08); // the small first chunk: 2,000 rows
        work.step(); // first plan
        assertThat(model.getStatus()).startsWith("Decoding… 2,000 of 25,000 rows · 2,000 of 2,000 drawn");

        work.drain();
        assertThat(model.busyProperty().get()).isFalse();
        assertThat(model.getStatus())
                .isEqualTo("25,000 of 25,000 drawn · SRID 4326 · 0 empty · 0 invalid · 0 malformed"
                        // 25,000 points 4 px apart: markers would cover one another, so each pixel shows its count
                        + " · drawn as density, up to 1 per pixel");
    }

    @Test
    void clickSelectsTheRowUnderTheCursorAndHighlightIsPlannedSeparately() {
        var model = new SpatialPreviewViewModel(BackgroundWork.direct());
        var selected = new ArrayList<Integer>();
        model.setOnRowSelected(selected::add);
        model.resize(800, 500);
        model.show("geom", pointGrid(1_000, 4326));
        var vp = model.viewport();

        model.clickAt(vp.screenX(17) + 1, vp.screenY(3) - 1); // row 3 * 200 + 17; neighbours are ~3.8 px away
        model.clickAt(vp.screenX(100), vp.screenY(4) - 30); // 30 px above the grid: nothing there
        model.highlightRows(List.of(617, 999));

        assertThat(selected).containsExactly(617);
        assertThat(model.getPlan().highlightPointCount()).isEqualTo(2);
        assertThat(model.getPlan().counts().drawn()).isEqualTo(1_000);
    }

    @Test
    void mixedSridsAreChosenOneAtATimeAndReprojectionIsRequestedForTheShownOne() {
        var model = new SpatialPreviewViewModel(BackgroundWork.direct());
        var requests = new ArrayList<String>();
        model.setOnReprojectRequested((column, srid) -> requests.add(column + ":" + srid));
        model.resize(800, 500);
        var rows = new ArrayList<>(pointGrid(300, 4326));
        pointGrid(100, 3857).forEach(r -> rows.add(new GeometryRow(300 + r.rowIndex(), r.hex())));

        model.show("shape", rows);
        assertThat(model.selectedSridProperty().get()).isEqualTo(4326);
        assertThat(model.getStatus())
                .startsWith("300 of 400 drawn")
                .endsWith("100 geometries in SRID 3857 not drawn (mixed SRIDs)");

        model.selectSrid(3857);
        model.requestReprojection();

        assertThat(model.getStatus())
                .startsWith("100 of 400 drawn · SRID 3857")
                .endsWith("300 geometries in SRID 4326 not drawn (mixed SRIDs)");
        assertThat(requests).containsExactly("shape:3857");
    }

    @Test
    void resizingKeepsTheWholeExtentInViewUntilTheOperatorMovesTheMap() {
        var model = new SpatialPreviewViewModel(BackgroundWork.direct());
        model.resize(800, 500);
        model.show("geom", pointGrid(1_000, 4326));
        assertThat(model.getStatus()).startsWith("1,000 of 1,000 drawn");

        model.resize(300, 500);
        assertThat(model.getStatus()).startsWith("1,000 of 1,000 drawn");

        model.zoomAt(150, 250, 4);
        model.resize(200, 500);
        assertThat(model.getStatus()).contains("outside view");
    }
}
