package org.kfm.breakglass.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.desktop.SessionConsolePort;
import org.kfm.breakglass.ui.app.ConsoleScene;
import org.kfm.breakglass.ui.console.QueryTabView;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.results.ResultViewModel;
import org.kfm.breakglass.ui.results.RunState;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;
import org.kfm.breakglass.ui.spatial.SpatialPreviewView;
import org.kfm.breakglass.ui.spatial.SpatialPreviewViewModel;

/**
 * The desktop console as {@code DesktopLauncher} builds it ({@link ConsoleScene} on a {@link SessionConsolePort},
 * the real map preview), in a shown window on whatever JavaFX platform this JVM runs (Monocle headless in the
 * bench), driven through its controls as the operator clicks them: start screen, justification dialog, preflight,
 * session window, Run.
 */
final class DesktopConsole {
    private static final Duration SETUP = Duration.ofMinutes(2);

    private final ConsoleScene console;

    private DesktopConsole(ConsoleScene console) {
        this.console = console;
    }

    /** Shows the start screen; the toolkit must be started. */
    static DesktopConsole show(SessionConsolePort port, Path uiState) throws Exception {
        return new DesktopConsole(fx(() -> {
            var scene = ConsoleScene.create(port, null, ResultMapPreview.onVirtualThreads(), uiState, false);
            var stage = new Stage();
            stage.setTitle("KFM Break-Glass Console");
            stage.setScene(scene.scene());
            stage.show();
            return scene;
        }));
    }

    /** Context (the kubeconfig's current one), database, Continue; reason and ticket, OK; preflight, Open. */
    void openSession(String database, String reason, String ticket) throws Exception {
        Scene scene = console.scene();
        waitUntil("the start screen lists the kubeconfig's contexts", () -> {
            var box = (ComboBox<?>) scene.lookup("#context");
            return box != null && !box.getItems().isEmpty();
        });
        fx(() -> {
            @SuppressWarnings("unchecked")
            var box = (ComboBox<ContextChoice>) scene.lookup("#context");
            box.getSelectionModel()
                    .select(box.getItems().stream()
                            .filter(ContextChoice::current)
                            .findFirst()
                            .orElse(box.getItems().getFirst()));
            ((TextInputControl) scene.lookup("#database")).setText(database);
            return null;
        });
        waitUntil("Continue is enabled", () -> !scene.lookup("#continue").isDisabled());
        // Continue opens the modal justification dialog: its nested event loop keeps serving what follows.
        Platform.runLater(() -> ((Button) scene.lookup("#continue")).fire());
        waitUntil("the justification dialog is shown", () -> inAnyWindow("#reason") != null);
        fx(() -> {
            ((TextInputControl) inAnyWindow("#reason")).setText(reason);
            ((TextInputControl) inAnyWindow("#ticket")).setText(ticket);
            ((Button) inAnyWindow("#justify-ok")).fire();
            return null;
        });
        waitUntil("the preflight has run", () -> {
            var open = scene.lookup("#open-session");
            @SuppressWarnings("unchecked")
            var checks = (ListView<CheckResult>) scene.lookup("#checks");
            if (checks != null && checks.getItems().stream().anyMatch(c -> c.verdict() == Verdict.FAIL)) {
                throw new IllegalStateException("a preflight check failed: " + checks.getItems());
            }
            return open != null && !open.isDisabled();
        });
        fx(() -> {
            ((Button) scene.lookup("#open-session")).fire();
            return null;
        });
        waitUntil(
                "the session window shows an open tunnel",
                () -> scene.lookup("#session-view") != null
                        && scene.lookup("#banner-tunnel") instanceof javafx.scene.control.Label l
                        && "OPEN".equals(l.getText()));
    }

    /** When the run was fired and when the screen first showed the grid done and (for a map) the final frame. */
    record Timing(
            long runAt, CompletableFuture<Long> gridDone, CompletableFuture<Long> mapDrawn, ResultViewModel result) {}

    /**
     * Puts {@code sql} in the editor and fires Run, as a click does. The clock reads come from a post-layout pulse
     * listener: a pulse is when the window shows a change, so "done" is the first pulse whose summary says so.
     */
    Timing run(String sql, long rows, boolean spatial) throws Exception {
        Scene scene = console.scene();
        var gridDone = new CompletableFuture<Long>();
        var mapDrawn = spatial ? new CompletableFuture<Long>() : CompletableFuture.completedFuture(0L);
        String drawn = String.format(java.util.Locale.ROOT, "%,d of %,d drawn", rows, rows);
        return fx(() -> {
            var tab = queryTab(scene);
            // The longest timeout the tab offers, as an operator picks it before a million rows.
            tab.viewModel().timeoutProperty().set(org.kfm.breakglass.ui.console.QueryTabViewModel.TIMEOUTS.getLast());
            var area = tab.editor().area();
            area.replaceText(sql);
            area.moveTo(0);
            long runAt = System.nanoTime();
            ((Button) scene.lookup("#run")).fire();
            ResultViewModel result = tab.viewModel().currentProperty().get();
            scene.addPostLayoutPulseListener(new Runnable() {
                @Override
                public void run() {
                    long now = System.nanoTime();
                    if (!gridDone.isDone() && result.stateProperty().get() != RunState.RUNNING) {
                        if (result.stateProperty().get() == RunState.DONE
                                && result.rowCountProperty().get() == rows) {
                            gridDone.complete(now);
                        } else {
                            gridDone.completeExceptionally(new IllegalStateException("the result ended as: "
                                    + result.summaryProperty().get()));
                        }
                    }
                    if (!mapDrawn.isDone()) {
                        for (Node node : scene.getRoot().lookupAll("#spatial-preview")) {
                            if (node instanceof SpatialPreviewView view && finalFrame(view.model(), drawn)) {
                                mapDrawn.complete(now);
                            }
                        }
                    }
                    if (gridDone.isDone() && mapDrawn.isDone()) {
                        Platform.runLater(() -> scene.removePostLayoutPulseListener(this));
                    }
                }
            });
            return new Timing(runAt, gridDone, mapDrawn, result);
        });
    }

    /** Closes a finished result's tab, as the operator does before the next big one. */
    void close(ResultViewModel result) throws Exception {
        fx(() -> {
            queryTab(console.scene()).viewModel().closeResult(result);
            return null;
        });
    }

    private static boolean finalFrame(SpatialPreviewViewModel map, String drawn) {
        return map.getPlan() != null
                && !map.busyProperty().get()
                && map.getStatus().startsWith(drawn);
    }

    private static QueryTabView queryTab(Scene scene) {
        for (Parent p = scene.lookup("#sql-editor").getParent(); p != null; p = p.getParent()) {
            if (p instanceof QueryTabView tab) {
                return tab;
            }
        }
        throw new IllegalStateException("no query tab around the SQL editor");
    }

    private static Node inAnyWindow(String id) {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().lookup(id) != null) {
                return w.getScene().lookup(id);
            }
        }
        return null;
    }

    static <T> T fx(Callable<T> action) throws Exception {
        return CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return action.call();
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        },
                        Platform::runLater)
                .get(SETUP.toSeconds(), TimeUnit.SECONDS);
    }

    private static void waitUntil(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + SETUP.toNanos();
        while (!fx(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the console did not get there in " + SETUP + ": " + what);
            }
            Thread.sleep(50);
        }
    }
}
