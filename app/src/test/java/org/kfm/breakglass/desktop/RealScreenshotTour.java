package org.kfm.breakglass.desktop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.fxmisc.richtext.CodeArea;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.ui.TourToolkit;
import org.kfm.breakglass.ui.app.ConsoleScene;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;
import org.kfm.breakglass.ui.spatial.SpatialPreviewView;

/**
 * Screenshots of the real product: the demo engine (local PostGIS behind the fake Kubernetes API, the real session
 * and journal) driven through the console as an operator would, snapshotted to PNG.
 * Usage: {@code RealScreenshotTour docs/screenshots}; on the display under xvfb-run, else headless Monocle (see TourToolkit).
 */
public final class RealScreenshotTour {
    private static final String PLACES = "-- places near the import's bounding box\n"
            + "SELECT name, kind, geom\n  FROM places\n ORDER BY name\n LIMIT 200;\n";
    private static final String PARCELS = "-- parcels (ETRS89 / UTM 32N)\n"
            + "SELECT parcel, ST_Area(geom) AS area_m2, geom\n  FROM parcels\n ORDER BY id;\n";

    private final Path out;
    private final FakeCluster cluster;
    private final Path home;
    private Stage stage;

    private RealScreenshotTour(Path out, FakeCluster cluster, Path home) {
        this.out = out;
        this.cluster = cluster;
        this.home = home;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: RealScreenshotTour OUTPUT_DIRECTORY (e.g. docs/screenshots)");
        }
        var out = Path.of(args[0]);
        Files.createDirectories(out);
        try (var pg = LocalPostgis.start();
                var cluster = FakeCluster.start(pg)) {
            TourToolkit.start();
            try {
                var tour = new RealScreenshotTour(out, cluster, Files.createTempDirectory("real-tour"));
                tour.walk(false);
                tour.walk(true);
            } finally {
                Platform.exit();
            }
        }
        System.exit(0); // the sessions' tickers are still scheduled
    }

    private void walk(boolean dark) throws Exception {
        String theme = dark ? "dark" : "light";
        Path policy = home.resolve("policy.yaml");
        Files.writeString(
                policy,
                "justification:\n  reasonMinLength: 20\n  ticketPattern: '^(INC|CHG)-\\d+$'\n"
                        + "audit:\n  witness: {kind: cluster, requirement: required}\n");
        var env = Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "XDG_STATE_HOME",
                home.resolve("state").toString());
        var gateway = SessionGateway.create(
                Optional.of(policy), Optional.of(home.resolve("audit-" + theme)), env, Clock.systemUTC());
        var port = new SessionConsolePort(gateway, cluster.kubeconfig());
        fx(() -> {
            var console = ConsoleScene.create(
                    port, null, ResultMapPreview.onVirtualThreads(), home.resolve("ui-" + theme), dark);
            stage = new Stage();
            stage.setTitle("KFM Break-Glass Console");
            stage.setScene(console.scene());
            stage.show();
        });
        waitFor(() -> contexts().getItems().stream().anyMatch(c -> c.name().equals("kfm-demo")));
        fx(() -> {
            contexts()
                    .getSelectionModel()
                    .select(contexts().getItems().stream()
                            .filter(c -> c.name().equals("kfm-demo"))
                            .findFirst()
                            .orElseThrow());
            ((TextField) find("#database")).setText("kfm");
        });
        if (!dark) shoot(stage.getScene(), "start-" + theme);

        // The justification dialog is modal (showAndWait): fire and do not wait for the handler to return.
        Platform.runLater(() -> ((Button) find("#continue")).fire());
        waitFor(() -> dialogScene() != null);
        fx(() -> {
            var dialog = dialogScene();
            ((TextInputControl) dialog.lookup("#reason"))
                    .setText("Nightly parcel import left broken geometries; inspect them");
            ((TextInputControl) dialog.lookup("#ticket")).setText("INC-42");
        });
        if (!dark) shoot(dialogScene(), "justify-" + theme);
        fx(() -> ((Button) dialogScene().lookup("#justify-ok")).fire());

        waitFor(() -> stage.getScene().getRoot().lookup("#open-session") != null
                && !stage.getScene().getRoot().lookup("#open-session").isDisabled());
        if (!dark) shoot(stage.getScene(), "preflight-" + theme);
        fx(() -> ((Button) find("#open-session")).fire());
        waitFor(() -> stage.getScene().getRoot().lookup("#session-view") != null
                && "OPEN".equals(((Label) find("#banner-tunnel")).getText()));

        if (!dark) {
            runQuery(PLACES, 200);
            fx(() -> {
                var table = (TableView<?>) find("#result-table");
                table.getSelectionModel().select(57);
                table.scrollTo(50);
            });
            waitFor(() ->
                    map().model().getPlan() != null && map().model().getPlan().highlightPointCount() == 1);
            shoot(stage.getScene(), "session-map-points-" + theme);

            fx(() -> sideTabs().getSelectionModel().select(0));
            waitFor(() -> stage.getScene().getRoot().lookup("#schema-tree") != null
                    && ((javafx.scene.control.TreeView<?>) find("#schema-tree")).getExpandedItemCount() > 3);
            fx(() -> {
                var tree = (javafx.scene.control.TreeView<?>) find("#schema-tree");
                // Open the spatial tables so their geometry columns and indexes show.
                for (int i = 0; i < tree.getExpandedItemCount(); i++) {
                    var item = tree.getTreeItem(i);
                    if (item != null && item.getValue().toString().matches("(parcels|places|roads)\\b.*")) {
                        item.setExpanded(true);
                    }
                }
            });
            shoot(stage.getScene(), "schema-" + theme);

            fx(() -> {
                sideTabs().getSelectionModel().select(2);
                // Drag the side panel wider, as an operator reading the journal would.
                ((javafx.scene.control.SplitPane) find("#session-view .split-pane")).setDividerPositions(0.5);
            });
            shoot(stage.getScene(), "audit-" + theme);
        } else {
            runQuery(PARCELS, 501);
            fx(() -> {
                var table = (TableView<?>) find("#result-table");
                table.getSelectionModel().select(212);
                table.scrollTo(206);
            });
            waitFor(() -> map().model().getPlan() != null
                    && !map().model().getPlan().highlightPaths().isEmpty());
            shoot(stage.getScene(), "session-map-polygons-" + theme);
        }
        fx(() -> stage.close());
    }

    private void runQuery(String sql, int rows) throws Exception {
        fx(() -> {
            var editor = (CodeArea) find("#sql-editor");
            editor.replaceText(sql);
            editor.moveTo(sql.indexOf("SELECT"));
            ((Button) find("#run")).fire();
        });
        waitFor(() -> ((TableView<?>) find("#result-table")).getItems().size() == rows);
        waitFor(() -> map().model().getPlan() != null
                && !map().model().busyProperty().get()
                && map().model().getStatus().contains(String.format(" of %,d drawn", rows)));
    }

    @SuppressWarnings("unchecked")
    private ComboBox<ContextChoice> contexts() {
        return (ComboBox<ContextChoice>) find("#context");
    }

    private SpatialPreviewView map() {
        return (SpatialPreviewView) find("#spatial-preview");
    }

    private TabPane sideTabs() {
        return (TabPane) find("#session-view .tab-pane");
    }

    /** The justification dialog's scene, once it shows. */
    private static Scene dialogScene() {
        for (Window w : Window.getWindows()) {
            if (w.isShowing() && w.getScene() != null && w.getScene().getRoot().lookup("#reason") != null) {
                return w.getScene();
            }
        }
        return null;
    }

    private Node find(String selector) {
        var node = stage.getScene().getRoot().lookup(selector);
        if (node == null) {
            throw new IllegalStateException("no node " + selector + " on screen");
        }
        return node;
    }

    private static void fx(Runnable action) throws Exception {
        onFx(() -> {
            action.run();
            return null;
        });
    }

    private static <T> T onFx(Callable<T> action) throws Exception {
        var done = new CompletableFuture<T>();
        Platform.runLater(() -> {
            try {
                done.complete(action.call());
            } catch (Exception | Error e) {
                done.completeExceptionally(e);
            }
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!onFx(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not reach the expected state in 90 s");
            }
            Thread.sleep(100);
        }
    }

    private void shoot(Scene scene, String name) throws Exception {
        Thread.sleep(700); // let layout, highlighting and table cells settle
        var image = onFx(() -> scene.snapshot(null));
        ImageIO.write(
                SwingFXUtils.fromFXImage(image, null),
                "png",
                out.resolve(name + ".png").toFile());
    }
}
