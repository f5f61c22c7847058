package org.kfm.breakglass.ui.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
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
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The grid of a streaming result on a busy FX thread: batches that arrive while the FX thread works are handed to
 * the grid together, in order, and rows beyond the grid's cap are counted, not queued (rows from a real PostgreSQL,
 * in the engine's 500-row batches, into the real result view).
 */
@ExtendWith(ApplicationExtension.class)
class ResultGridStreamUiTest {
    private static final int ROWS = 250_000;
    private static final String SQL = "SELECT i, md5(i::text) FROM generate_series(1, " + ROWS + ") i ORDER BY i";

    private static LocalPostgis pg;
    private static List<List<Object>> fetched;
    private ResultViewModel result;

    @BeforeAll
    static void fetchRows() throws Exception {
        pg = LocalPostgis.start();
        fetched = new ArrayList<>(ROWS);
        try (Connection db = pg.connect(pg.reader());
                var st = db.createStatement();
                var rs = st.executeQuery(SQL)) {
            while (rs.next()) {
                fetched.add(List.of(rs.getInt(1), rs.getString(2)));
            }
        }
    }

    @AfterAll
    static void stopPostgis() {
        if (pg != null) {
            pg.close();
        }
    }

    @Start
    void start(Stage stage) {
        result = new ResultViewModel(new Statement(SQL, 0), false);
        BackgroundWork work = new VirtualThreadWork(new FxUiThread());
        var view =
                new ResultView(result, new ResultExport(null, null, null, work), SpatialPreviewFactory.placeholder());
        stage.setScene(new Scene(view, 1000, 600));
        stage.show();
    }

    @Test
    void batchesThatArriveWhileTheFxThreadIsBusyReachTheGridAsOneChangeInOrderUpToTheCap(FxRobot robot)
            throws Exception {
        var gridChanges = new AtomicInteger();
        var addedRows = new AtomicInteger();
        robot.interact(() -> result.rows().addListener((ListChangeListener<List<Object>>) c -> {
            gridChanges.incrementAndGet();
            while (c.next()) {
                addedRows.addAndGet(c.getAddedSize());
            }
        }));
        ResultListener listener = result.listener(new FxUiThread());
        listener.columns(List.of(new ColumnInfo("i", "int4", false), new ColumnInfo("md5", "text", false)));
        WaitForAsyncUtils.waitForFxEvents();

        // The FX thread is held (a long paint, a loaded machine) while the engine streams every batch.
        var release = new CountDownLatch(1);
        var held = new CountDownLatch(1);
        Platform.runLater(() -> {
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < fetched.size(); i += 500) {
            listener.rows(fetched.subList(i, Math.min(i + 500, fetched.size())));
        }
        listener.done(ROWS, 1234.5);
        release.countDown();
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> result.stateProperty().get() == RunState.DONE);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(gridChanges).as("500 batches, one grid change").hasValue(1);
        assertThat(addedRows).hasValue(ResultViewModel.DISPLAY_LIMIT);
        assertThat(result.receivedRows()).isEqualTo(ROWS);
        assertThat(result.rows()).hasSize(ResultViewModel.DISPLAY_LIMIT);
        assertThat(result.rows().getFirst()).isEqualTo(fetched.getFirst());
        assertThat(result.rows().get(123_456)).isEqualTo(fetched.get(123_456));
        assertThat(result.rows().getLast()).isEqualTo(fetched.get(ResultViewModel.DISPLAY_LIMIT - 1));
        var table = robot.lookup("#result-table").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(ResultViewModel.DISPLAY_LIMIT);
        assertThat(robot.lookup("#result-summary").queryAs(Label.class).getText())
                .isEqualTo("250,000 rows · 1.23 s · first 200,000 shown");
    }

    @Test
    void batchesOnAFreeFxThreadAllArriveAndTheSummaryCountsEveryRow(FxRobot robot) throws Exception {
        ResultListener listener = result.listener(new FxUiThread());
        listener.columns(List.of(new ColumnInfo("i", "int4", false), new ColumnInfo("md5", "text", false)));
        var seenSoFar = new ArrayList<String>();
        robot.interact(() -> result.summaryProperty().addListener((o, a, now) -> seenSoFar.add(now)));
        for (int i = 0; i < 20_000; i += 500) {
            listener.rows(fetched.subList(i, i + 500));
            if (i % 5_000 == 0) {
                WaitForAsyncUtils.waitForFxEvents();
            }
        }
        listener.done(20_000, 12.0);
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> result.stateProperty().get() == RunState.DONE);
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(result.rows()).containsExactlyElementsOf(fetched.subList(0, 20_000));
        assertThat(seenSoFar).contains("500 rows so far…").last().isEqualTo("20,000 rows · 12.0 ms");
    }
}
