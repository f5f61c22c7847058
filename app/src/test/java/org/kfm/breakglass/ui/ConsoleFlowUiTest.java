package org.kfm.breakglass.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.app.ConsoleSetup;
import org.kfm.breakglass.ui.app.ConsoleWindow;
import org.kfm.breakglass.ui.app.FxDialogService;
import org.kfm.breakglass.ui.app.ThemeSwitch;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TunnelState;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The operator's path through the real views on the in-memory engine double, headless on Monocle:
 * justify → preflight → session → run, cancel, reconnect, expiry.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleFlowUiTest {
    private final InMemoryConsolePort port = new InMemoryConsolePort();

    @Start
    void start(Stage stage) throws Exception {
        port.async = true; // engine callbacks from background threads, like the real adapter
        Path state = Files.createTempDirectory("console-ui-test");
        var ui = new FxUiThread();
        var setup = new ConsoleSetup(
                port,
                null,
                ui,
                new VirtualThreadWork(ui),
                state,
                Clock.systemUTC(),
                SpatialPreviewFactory.placeholder());
        var scene = new Scene(new javafx.scene.layout.StackPane(), 1200, 760);
        var window = new ConsoleWindow(setup, new ThemeSwitch(false), new FxDialogService(scene::getWindow));
        scene.setRoot(window.root());
        stage.setScene(scene);
        window.showStart();
        stage.show();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void openSession(FxRobot robot) throws Exception {
        waitUntil(() -> robot.lookup("#context").tryQuery().isPresent());
        robot.clickOn("#database").write("gis");
        robot.clickOn("#continue");
        waitUntil(() -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write("Parcel import corrupted geometries, need to inspect");
        assertThat(robot.lookup("#justify-ok").queryAs(Button.class).isDisabled())
                .as("no ticket yet: the dialog cannot be confirmed")
                .isTrue();
        robot.clickOn("#ticket").write("INC-4711");
        robot.clickOn("#justify-ok");
        waitUntil(
                () -> robot.lookup("#checks").queryAs(ListView.class).getItems().size() == port.checks.size());
        assertThat(robot.lookup("#open-session").queryAs(Button.class).isDisabled())
                .as("a WARN line blocks until acknowledged")
                .isTrue();
        robot.clickOn("#acknowledge");
        robot.clickOn("#open-session");
        waitUntil(() -> robot.lookup("#session-view").tryQuery().isPresent());
        assertThat(port.lastSession.justification.ticket()).isEqualTo("INC-4711");
        assertThat(port.lastSession.mode()).isEqualTo(Mode.READ_ONLY);
    }

    private void typeAndRun(FxRobot robot, String sql) {
        robot.clickOn("#sql-editor").write(sql);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    @Test
    void justifiedSessionRunsTheStatementAtTheCursorWithCtrlEnter(FxRobot robot) throws Exception {
        openSession(robot);
        typeAndRun(robot, "select * from parcels");
        waitUntil(() -> robot.lookup("#result-table")
                        .queryAs(TableView.class)
                        .getItems()
                        .size()
                == InMemoryConsolePort.ROWS);
        waitUntil(() ->
                robot.lookup("#result-summary").queryAs(Label.class).getText().startsWith("150 rows"));
        assertThat(port.lastSession.statements).containsExactly("select * from parcels");
    }

    @Test
    void escapeCancelsTheRunningStatement(FxRobot robot) throws Exception {
        openSession(robot);
        typeAndRun(robot, "select pg_sleep(600)");
        waitUntil(() -> !robot.lookup("#cancel").queryAs(Button.class).isDisabled());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() ->
                robot.lookup("#result-summary").queryAs(Label.class).getText().equals("Cancelled"));
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isFalse();
    }

    @Test
    void reconnectingTunnelShowsInTheBanner(FxRobot robot) throws Exception {
        openSession(robot);
        port.lastSession.tunnel(TunnelState.RECONNECTING, "pod postgis-0 replaced");
        waitUntil(() ->
                robot.lookup("#banner-tunnel").queryAs(Label.class).getText().equals("RECONNECTING"));
        assertThat(robot.lookup("#banner-tunnel").queryAs(Label.class).getStyleClass())
                .contains("caution");
        port.lastSession.tunnel(TunnelState.OPEN, "postgis-1");
        waitUntil(() ->
                robot.lookup("#banner-tunnel").queryAs(Label.class).getText().equals("OPEN"));
    }

    @Test
    void expiryDisablesTheEditorWithAClearMessage(FxRobot robot) throws Exception {
        openSession(robot);
        port.lastSession.end(SessionEnd.EXPIRED);
        CodeArea editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        waitUntil(() -> !editor.isEditable());
        assertThat(editor.isDisabled()).isTrue();
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#end-message").queryAs(Label.class).getText()).contains("Session expired");
        assertThat(robot.lookup("#banner-time").queryAs(Label.class).getText()).isEqualTo("EXPIRED");
        Node newSession = robot.lookup("#new-session").query();
        assertThat(newSession.isVisible()).isTrue();
        assertThat(List.copyOf(port.lastSession.statements)).isEmpty();
    }
}
