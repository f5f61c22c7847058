package org.kfm.breakglass.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.fxmisc.richtext.CodeArea;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.app.ConsoleSetup;
import org.kfm.breakglass.ui.app.ConsoleWindow;
import org.kfm.breakglass.ui.app.ThemeSwitch;
import org.kfm.breakglass.ui.justify.JustificationDialog;
import org.kfm.breakglass.ui.justify.JustificationViewModel;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.port.TunnelState;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;
import org.kfm.breakglass.ui.state.RecentTargets;

/**
 * Renders each main screen with the in-memory double, in the light and the dark theme, into PNGs.
 * Usage: {@code ScreenshotTour docs/screenshots}. On the display under xvfb-run, else headless Monocle (see TourToolkit).
 */
public final class ScreenshotTour {
    private static final int W = 1360;
    private static final int H = 860;

    private final Path out;
    private Stage stage;

    private ScreenshotTour(Path out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ScreenshotTour OUTPUT_DIRECTORY (e.g. docs/screenshots)");
        }
        var out = Path.of(args[0]);
        Files.createDirectories(out);
        var tour = new ScreenshotTour(out);
        TourToolkit.start();
        try {
            for (boolean dark : List.of(false, true)) {
                tour.run(dark);
            }
        } finally {
            Platform.exit();
        }
    }

    private void run(boolean dark) throws Exception {
        String theme = dark ? "dark" : "light";
        Path state = Files.createTempDirectory("tour-state");
        var recent = new RecentTargets(state);
        recent.remember(
                new TargetChoice("stage-eu-west", "gis-stage", "svc/postgis:5432", "gis"),
                Instant.now().minusSeconds(86_400));
        recent.remember(new TargetChoice("prod-eu-west", "gis-prod", "svc/postgis:5432", "cadastre"), Instant.now());

        // No kubeconfig: the demo-cluster offer.
        var missing = new InMemoryConsolePort();
        missing.contexts.clear();
        missing.problem = Optional.of("No kubeconfig found at ~/.kube/config and KUBECONFIG is not set. "
                + "Point KUBECONFIG at your cluster's config, or start the demo cluster to try the console.");
        fx(() -> {
            var themeSwitch = new ThemeSwitch(dark);
            var w = window(missing, state, new RecordingDialogs(), themeSwitch);
            stage = new Stage();
            stage.setScene(new Scene(w.root(), W, H));
            stage.show();
            w.showStart();
        });
        shoot("00-no-kubeconfig-" + theme);

        var port = new InMemoryConsolePort();
        var dialogs = new RecordingDialogs();
        fx(() -> {
            var w = window(port, state, dialogs, new ThemeSwitch(dark));
            stage.getScene().setRoot(w.root());
            w.showStart();
            ((TextField) find("#database")).setText("cadastre");
        });
        shoot("01-start-" + theme);

        // The justification dialog, mid-typing, so the inline validation shows.
        fx(() -> {
            var vm = new JustificationViewModel(port.rules(), port.writeElevationAllowed());
            vm.reasonProperty().set("Parcel import broke geometries");
            vm.ticketProperty().set("inc 4711");
            var dialog = new JustificationDialog(
                    vm,
                    "Justify access",
                    "Why do you need access to svc/postgis:5432 / cadastre?\nThis justification is recorded in the audit journal.");
            dialog.initOwner(stage);
            dialog.getDialogPane()
                    .getStylesheets()
                    .add(ConsoleWindow.class.getResource("console.css").toExternalForm());
            dialog.show();
            pending = dialog;
        });
        shoot(pending.getDialogPane().getScene(), "02-justification-" + theme);
        fx(() -> pending.close());

        fx(() -> ((Button) find("#continue")).fire());
        shoot("03-preflight-" + theme);

        fx(() -> {
            ((CheckBox) find("#acknowledge")).setSelected(true);
            ((Button) find("#open-session")).fire();
        });
        fx(() -> {
            port.lastSession.tick(Duration.ofSeconds(27 * 60 + 41));
            var area = (CodeArea) find("#sql-editor");
            area.replaceText(
                    "-- parcels touching the flood zone\nselect id, name, note, area_m2, geom\n  from public.parcels\n"
                            + " where ST_Intersects(geom, ST_MakeEnvelope(8.5, 47.3, 8.7, 47.4, 4326))\n order by id;\n");
            area.moveTo(40);
            ((Button) find("#run")).fire();
        });
        shoot("04-session-results-" + theme);

        fx(() -> {
            var area = (CodeArea) find("#sql-editor");
            area.replaceText("select id, nosuchcolumn\n  from public.parcels\n where id < 10;");
            area.moveTo(0);
            ((Button) find("#run")).fire();
            port.lastSession.tunnel(TunnelState.RECONNECTING, "pod postgis-0 replaced, waiting for postgis-1");
            port.lastSession.tick(Duration.ofSeconds(4 * 60 + 12));
            var side = (TabPane) find("#session-view .tab-pane");
            side.getSelectionModel().select(2);
        });
        shoot("05-error-reconnecting-audit-" + theme);

        fx(() -> {
            port.lastSession.tunnel(TunnelState.OPEN, "");
            port.lastSession.end(SessionEnd.EXPIRED);
        });
        shoot("06-expired-" + theme);
        fx(() -> stage.close());
    }

    private JustificationDialog pending;

    private static ConsoleWindow window(
            InMemoryConsolePort port, Path state, RecordingDialogs dialogs, ThemeSwitch theme) {
        var setup = new ConsoleSetup(
                port,
                () -> {},
                UiThread.direct(),
                BackgroundWork.direct(),
                state,
                Clock.systemUTC(),
                SpatialPreviewFactory.placeholder());
        return new ConsoleWindow(setup, theme, dialogs);
    }

    private Node find(String selector) {
        var node = stage.getScene().getRoot().lookup(selector);
        if (node == null) {
            throw new IllegalStateException("no node " + selector + " on screen");
        }
        return node;
    }

    private static void fx(Runnable action) throws Exception {
        var done = new CompletableFuture<Void>();
        Platform.runLater(() -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(30, TimeUnit.SECONDS);
        Thread.sleep(600); // let layout, the editor's highlighting and the table's cells settle before the snapshot
    }

    private void shoot(String name) throws Exception {
        shoot(stage.getScene(), name);
    }

    private void shoot(Scene scene, String name) throws Exception {
        var image = new CompletableFuture<javafx.scene.image.WritableImage>();
        Platform.runLater(() -> image.complete(scene.snapshot(null)));
        var file = out.resolve(name + ".png");
        ImageIO.write(SwingFXUtils.fromFXImage(image.get(30, TimeUnit.SECONDS), null), "png", file.toFile());
    }
}
