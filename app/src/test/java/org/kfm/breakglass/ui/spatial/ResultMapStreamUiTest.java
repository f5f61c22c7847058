package org.kfm.breakglass.ui.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.FxUiThread;
import org.kfm.breakglass.ui.VirtualThreadWork;
import org.kfm.breakglass.ui.port.ResultListener;
import org.kfm.breakglass.ui.results.ResultExport;
import org.kfm.breakglass.ui.results.ResultView;
import org.kfm.breakglass.ui.results.ResultViewModel;
import org.kfm.breakglass.ui.results.Statement;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The map of a result is fed from the result stream, not from the grid: a million-row point result streamed from a
 * real PostGIS through the result's listener, as the engine streams it, into the real result view and map.
 */
@ExtendWith(ApplicationExtension.class)
class ResultMapStreamUiTest {
    /** Row 734,512 (0-based) sits alone at 16°E 56°N, outside the other points' 5–15°E, 45–55°N. */
    private static final String MILLION_POINTS =
            "SELECT g AS id, CASE WHEN g = 734513 THEN ST_SetSRID(ST_MakePoint(16, 56), 4326) "
                    + "ELSE ST_SetSRID(ST_MakePoint(5 + 10 * ((g::bigint * 7919) % 1000003) / 1000003.0, "
                    + "45 + 10 * ((g::bigint * 104729) % 999983) / 999983.0), 4326) END AS geom "
                    + "FROM generate_series(1, 1000000) g ORDER BY g";

    private static LocalPostgis pg;
    private ResultViewModel result;
    private ResultView view;

    @BeforeAll
    static void startPostgis() {
        pg = LocalPostgis.start();
    }

    @AfterAll
    static void stopPostgis() {
        if (pg != null) {
            pg.close();
        }
    }

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        result = new ResultViewModel(new Statement(MILLION_POINTS, 0), false);
        BackgroundWork work = new VirtualThreadWork(new FxUiThread());
        // The export is not used here; it only needs to exist for the toolbar's buttons.
        var export = new ResultExport(null, null, null, work);
        view = new ResultView(result, export, new ResultMapPreview(work));
        stage.setScene(new Scene(view, 1400, 800));
        stage.show();
    }

    @Test
    void aMillionRowPointResultIsDrawnWholeWhileTheGridKeepsItsCap(FxRobot robot) throws Exception {
        var streamer =
                Thread.ofPlatform().name("test-engine-stream").start(() -> stream(result.listener(new FxUiThread())));

        WaitForAsyncUtils.waitFor(
                240,
                TimeUnit.SECONDS,
                () -> mapStatus(robot).startsWith("1,000,000 of 1,000,000 drawn · SRID 4326")
                        && !mapModel(robot).busyProperty().get());
        streamer.join();

        assertThat(mapStatus(robot))
                .startsWith("1,000,000 of 1,000,000 drawn · SRID 4326 · 0 empty · 0 invalid · 0 malformed")
                .doesNotContain("still streaming")
                .contains("drawn as density");
        TableView<?> table = robot.lookup("#result-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(ResultViewModel.DISPLAY_LIMIT);
        assertThat(robot.lookup("#result-summary").queryAs(Label.class).getText())
                .startsWith("1,000,000 rows · ")
                .endsWith("first 200,000 shown");
        save(robot, view, "result-map-million.png");

        // A click on the lone point of row 734,512 selects a row the grid does not hold, and says so.
        var vp = mapModel(robot).viewport();
        var canvas = mapView(robot).canvas();
        Point2D lone = canvas.localToScreen(vp.screenX(16), vp.screenY(56));
        robot.clickOn(lone);
        WaitForAsyncUtils.waitFor(
                20, TimeUnit.SECONDS, () -> !result.selection().selected().isEmpty());
        assertThat(result.selection().selected()).containsExactly(734_512);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#result-selection-note").queryAs(Label.class).getText())
                .isEqualTo("row #734,513 of 1,000,000 — not in the grid (it keeps the first 200,000 rows)");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> planOf(robot).highlightPointCount() == 1);

        // The table's selection highlights its mark.
        robot.interact(() -> table.getSelectionModel().clearAndSelect(122));
        WaitForAsyncUtils.waitFor(
                20,
                TimeUnit.SECONDS,
                () -> result.selection().selected().equals(List.of(122))
                        && planOf(robot).highlightPointCount() == 1);
        assertThat(robot.lookup("#result-selection-note").queryAs(Label.class).getText())
                .isEmpty();
    }

    /** What the session does with a result: columns, then batches of rows, then done. */
    private static void stream(ResultListener listener) {
        long started = System.nanoTime();
        try (Connection db = pg.connect(pg.reader())) {
            db.setAutoCommit(false);
            try (var st = db.createStatement()) {
                st.setFetchSize(10_000);
                try (var rs = st.executeQuery(MILLION_POINTS)) {
                    listener.columns(
                            List.of(new ColumnInfo("id", "int4", false), new ColumnInfo("geom", "geometry", true)));
                    var batch = new ArrayList<List<Object>>(1_000);
                    long rows = 0;
                    while (rs.next()) {
                        batch.add(java.util.Arrays.asList(rs.getInt(1), rs.getString(2)));
                        rows++;
                        if (batch.size() == 1_000) {
                            listener.rows(batch);
                            batch.clear();
                        }
                    }
                    if (!batch.isEmpty()) {
                        listener.rows(batch);
                    }
                    listener.done(rows, (System.nanoTime() - started) / 1e6);
                }
            }
            db.commit();
        } catch (Exception e) {
            listener.failed("XX000", e.toString(), 0);
        }
    }

    private static SpatialPreviewView mapView(FxRobot robot) {
        return robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
    }

    private static SpatialPreviewViewModel mapModel(FxRobot robot) {
        return mapView(robot).model();
    }

    private static org.kfm.breakglass.spatial.RenderPlan planOf(FxRobot robot) {
        var plan = new org.kfm.breakglass.spatial.RenderPlan[1];
        robot.interact(() -> plan[0] = mapModel(robot).getPlan());
        return plan[0];
    }

    /** The map's status line, or "" before the columns arrived and the map was created. */
    private static String mapStatus(FxRobot robot) {
        var status = new String[] {""};
        robot.interact(() -> robot.lookup("#spatial-preview")
                .tryQueryAs(SpatialPreviewView.class)
                .ifPresent(map -> status[0] = map.model().getStatus()));
        return status[0];
    }

    private static void save(FxRobot robot, Node node, String name) throws Exception {
        var image = new WritableImage[1];
        robot.interact(() -> image[0] = node.snapshot(null, null));
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", target.toFile());
    }
}
