package org.kfm.breakglass.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.stage.Stage;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.spatial.SpatialLayer;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.ui.FxUiThread;
import org.kfm.breakglass.ui.VirtualThreadWork;
import org.kfm.breakglass.ui.spatial.SpatialPreviewView;
import org.kfm.breakglass.ui.spatial.SpatialPreviewViewModel;

/**
 * Map figures in the product path (not a test; ADR 0019): a million PostGIS points streamed in 1,000-row batches
 * into the real {@link SpatialPreviewViewModel} + {@link SpatialPreviewView} on the JavaFX thread (Monocle headless,
 * software pipeline), then: memory per million points, last row → final frame painted, and frame times while
 * dragging and scrolling (the cached raster). Run: see docs/BENCHMARKS.md, "Map".
 */
public final class MapBench {
    private static final int ROWS = 1_000_000;
    private static final int BATCH = 1_000;
    private static final int FRAMES = 240;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "target/map-bench.md");
        List<GeometryRow> rows;
        try (var pg = LocalPostgis.start();
                Connection db = pg.connect(pg.reader())) {
            rows = fetch(db);
        }
        var report = new StringBuilder("\n### Map, 1,000,000 points (SRID 4326), 1200×800 px\n\n");

        // The compact store alone: arrays and heap.
        long before = usedAfterGc();
        var layer = new SpatialLayer("geom");
        for (int i = 0; i < rows.size(); i += 10_000) {
            layer.append(rows.subList(i, Math.min(i + 10_000, rows.size())));
        }
        layer.seal();
        long heap = usedAfterGc() - before;
        report.append(String.format(
                "- memory per million points: %.1f MB of coordinate arrays (sealed), %.1f MB heap growth after GC%n",
                layer.footprintBytes() / 1e6, heap / 1e6));
        layer = null;

        Platform.startup(() -> {});
        var model = new SpatialPreviewViewModel(new VirtualThreadWork(new FxUiThread()));
        var view = CompletableFuture.supplyAsync(
                        () -> {
                            var v = new SpatialPreviewView(model);
                            var stage = new Stage();
                            stage.setScene(new Scene(v, 1200, 800));
                            stage.show();
                            return v;
                        },
                        Platform::runLater)
                .get(30, TimeUnit.SECONDS);

        // Streaming: batches as the feed hands them over, then the end; the clock runs from the last row.
        var finalFrame = new CountDownLatch(1);
        long[] finalAt = new long[1];
        long[] decodedAt = new long[1];
        var planTimes = new java.util.concurrent.ConcurrentLinkedQueue<Long>();
        Platform.runLater(() -> model.busyProperty().addListener((obs, was, now) -> {
            if (!now) {
                decodedAt[0] = System.nanoTime();
            }
        }));
        Platform.runLater(() -> model.planProperty().addListener((obs, old, plan) -> {
            planTimes.add(System.nanoTime());
            if (plan != null
                    && plan.counts().total() == ROWS
                    && !model.busyProperty().get()
                    && !model.getStatus().contains("still streaming")
                    && finalAt[0] == 0) {
                finalAt[0] = System.nanoTime();
                finalFrame.countDown();
            }
        }));
        long streamStart = System.nanoTime();
        CompletableFuture.runAsync(() -> model.beginResult(List.of("geom"), -1), Platform::runLater)
                .get(10, TimeUnit.SECONDS);
        for (int i = 0; i < rows.size(); i += BATCH) {
            model.append("geom", rows.subList(i, Math.min(i + BATCH, rows.size())));
        }
        long lastRow = System.nanoTime();
        long lastRowEpochMs = System.currentTimeMillis();
        long cpuAtLastRow = processCpuNanos();
        var threadCpuAtLastRow = ThreadCpu.snapshot();
        model.complete("geom");
        finalFrame.await(300, TimeUnit.SECONDS);
        long cpuToFinalFrame = processCpuNanos() - cpuAtLastRow;
        String threadCpu = ThreadCpu.snapshot().since(threadCpuAtLastRow);
        long plansAfterLastRow =
                planTimes.stream().filter(t -> t > lastRow && t <= finalAt[0]).count();
        // For a profile of the window (JFR timestamps are wall-clock): where it starts and ends.
        System.err.printf("map-bench window: %tT.%<tL → +%d ms%n", lastRowEpochMs, (finalAt[0] - lastRow) / 1_000_000);
        report.append(String.format(
                "- rows handed to the map in %.0f ms; last row → final frame painted: %.0f ms wall, %.0f ms CPU of"
                        + " the whole JVM (%s)%n",
                (lastRow - streamStart) / 1e6, (finalAt[0] - lastRow) / 1e6, cpuToFinalFrame / 1e6, status(model)));
        report.append(String.format(
                "- after the last row: decoding done at +%.0f ms, %d plan%s set by the final frame; CPU by thread"
                        + " (ms): %s%n",
                Math.max(0, decodedAt[0] - lastRow) / 1e6,
                plansAfterLastRow,
                plansAfterLastRow == 1 ? "" : "s",
                threadCpu));

        report.append(frames(view, "drag (pan)", true));
        report.append(frames(view, "wheel (zoom)", false));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.print(report);
        Platform.exit();
        System.exit(0);
    }

    /** Fires one input event per pulse for {@link #FRAMES} pulses; handler time and pulse interval per frame. */
    private static String frames(SpatialPreviewView view, String what, boolean drag) throws Exception {
        long[] handler = new long[FRAMES];
        long[] interval = new long[FRAMES];
        var done = new CountDownLatch(1);
        var canvas = view.canvas();
        Platform.runLater(() -> {
            if (drag) {
                Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_PRESSED, 600, 400));
            }
            new AnimationTimer() {
                int frame = -1;
                long last;

                @Override
                public void handle(long now) {
                    if (frame >= 0) {
                        interval[frame] = now - last;
                    }
                    last = now;
                    frame++;
                    if (frame == FRAMES) {
                        stop();
                        if (drag) {
                            Event.fireEvent(canvas, mouse(MouseEvent.MOUSE_RELEASED, 600 + FRAMES, 400));
                        }
                        done.countDown();
                        return;
                    }
                    long t0 = System.nanoTime();
                    Event.fireEvent(
                            canvas,
                            drag
                                    ? mouse(MouseEvent.MOUSE_DRAGGED, 600 + frame + 1, 400 + (frame % 2))
                                    : scroll(frame % 20 < 10 ? 40 : -40));
                    handler[frame] = System.nanoTime() - t0;
                }
            }.start();
        });
        done.await(120, TimeUnit.SECONDS);
        long[] h = Arrays.copyOfRange(handler, 1, FRAMES);
        long[] i = Arrays.copyOfRange(interval, 1, FRAMES);
        Arrays.sort(h);
        Arrays.sort(i);
        return String.format(
                "- %s, %d frames: event handling + drawing the cached raster p50 %.2f ms / p95 %.2f ms; pulse interval"
                        + " (includes the scene render) p50 %.1f ms / p95 %.1f ms%n",
                what,
                FRAMES,
                h[h.length / 2] / 1e6,
                h[(int) (h.length * 0.95)] / 1e6,
                i[i.length / 2] / 1e6,
                i[(int) (i.length * 0.95)] / 1e6);
    }

    private static MouseEvent mouse(javafx.event.EventType<MouseEvent> type, double x, double y) {
        return new MouseEvent(
                type,
                x,
                y,
                x,
                y,
                MouseButton.PRIMARY,
                1,
                false,
                false,
                false,
                false,
                true,
                false,
                false,
                false,
                false,
                false,
                null);
    }

    private static ScrollEvent scroll(double deltaY) {
        return new ScrollEvent(
                ScrollEvent.SCROLL,
                600,
                400,
                600,
                400,
                false,
                false,
                false,
                false,
                false,
                false,
                0,
                deltaY,
                0,
                deltaY,
                ScrollEvent.HorizontalTextScrollUnits.NONE,
                0,
                ScrollEvent.VerticalTextScrollUnits.NONE,
                0,
                0,
                null);
    }

    private static String status(SpatialPreviewViewModel model) throws Exception {
        return CompletableFuture.supplyAsync(model::getStatus, Platform::runLater)
                .get(10, TimeUnit.SECONDS);
    }

    private static List<GeometryRow> fetch(Connection db) throws Exception {
        var rows = new ArrayList<GeometryRow>(ROWS);
        db.setAutoCommit(false);
        try (var st = db.createStatement()) {
            st.setFetchSize(10_000);
            try (var rs = st.executeQuery("SELECT ST_SetSRID(ST_MakePoint(5 + 10 * random(), 45 + 10 * random()), 4326)"
                    + " FROM generate_series(1, " + ROWS + ")")) {
                while (rs.next()) {
                    rows.add(new GeometryRow(rows.size(), rs.getString(1)));
                }
            }
        }
        db.commit();
        return rows;
    }

    /** CPU time of the whole JVM (every thread, GC and JIT included): comparable across machine loads. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getUsed();
    }
}
