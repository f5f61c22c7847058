package org.kfm.breakglass.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.e2e.Journal;
import org.kfm.breakglass.evidence.EvidencePackVerifier;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.Elevation;
import org.kfm.breakglass.ui.app.ConsoleScene;
import org.kfm.breakglass.ui.app.FxDialogService;
import org.kfm.breakglass.ui.port.ConnectedClient;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Connect a client…" and "Save evidence pack…" on the real engine: real psql clients through the session's socket,
 * one dropped from the window, then the closed session's pack written and verified offline.
 */
@ExtendWith(ApplicationExtension.class)
class ClientEndpointAndEvidenceUiTest {
    private static org.kfm.breakglass.e2e.Stage stage;

    private Path home;
    private Path audit;
    private Path pack;
    private Stage window;

    @BeforeAll
    static void startStage() {
        stage = org.kfm.breakglass.e2e.Stage.start();
    }

    @AfterAll
    static void stopStage() {
        if (stage != null) stage.close();
    }

    @Start
    void start(Stage fxStage) throws Exception {
        home = Files.createTempDirectory("client-endpoint-ui");
        audit = home.resolve("audit");
        pack = home.resolve("evidence.zip");
        var env = Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "XDG_STATE_HOME",
                home.resolve("state").toString());
        var gateway = SessionGateway.create(Optional.of(stage.policy()), Optional.of(audit), env, Clock.systemUTC());
        var port = new SessionConsolePort(gateway, stage.cluster().kubeconfig());
        var console = ConsoleScene.create(
                port,
                null,
                ResultMapPreview.onVirtualThreads(),
                home.resolve("ui-state"),
                false,
                owner -> new SavingTo(new FxDialogService(owner), pack));
        fxStage.setScene(console.scene());
        fxStage.show();
        window = fxStage;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPsqlClientIsListedWithItsStatementsASecondIsDroppedAndTheClosedSessionsPackVerifies(FxRobot robot)
            throws Exception {
        openSession(robot);

        robot.clickOn("#connect-client");
        waitUntil(() -> robot.lookup("#endpoint-socket").tryQuery().isPresent()
                && !robot.lookup("#endpoint-socket")
                        .queryAs(TextField.class)
                        .getText()
                        .isEmpty());
        Path socket = Path.of(
                robot.lookup("#endpoint-socket").queryAs(TextField.class).getText());
        String host = socket.getParent().toString();
        assertThat(robot.lookup("#endpoint-psql").queryAs(TextField.class).getText())
                .isEqualTo("psql -h " + host + " -d kfm");
        assertThat(robot.lookup("#endpoint-gdal").queryAs(TextField.class).getText())
                .isEqualTo("PG:'host=" + host + " dbname=kfm'");
        TableView<ConnectedClient> clients = robot.lookup("#endpoint-clients").queryAs(TableView.class);

        // The one-shot form the operator pastes: psql -h DIR -c 'select 1'.
        var once = run(List.of("psql", "-X", "-A", "-t", "-h", host, "-d", "kfm", "-c", "select 1"), "gui-once");
        assertThat(once.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(once.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip())
                .isEqualTo("1");
        assertThat(once.exitValue()).isZero();

        // A client that stays: listed live with its statement count.
        var staying = run(List.of("psql", "-X", "-A", "-t", "-h", host, "-d", "kfm"), "gui-probe");
        OutputStream in = staying.getOutputStream();
        in.write("select 1;\nselect 2;\n".getBytes(StandardCharsets.UTF_8));
        in.flush();
        waitUntil(() -> clients.getItems().stream()
                .anyMatch(c -> c.applicationName().equals("gui-probe") && c.statements() >= 2));

        var sleeper = run(
                List.of("psql", "-X", "-A", "-t", "-h", host, "-d", "kfm", "-c", "select pg_sleep(120)"),
                "gui-sleeper");
        waitUntil(() ->
                clients.getItems().stream().anyMatch(c -> c.applicationName().equals("gui-sleeper")));
        snapshot(robot.lookup("#endpoint-view").query().getScene(), "connect-a-client.png");
        var victim = clients.getItems().stream()
                .filter(c -> c.applicationName().equals("gui-sleeper"))
                .findFirst()
                .orElseThrow();
        robot.interact(() -> clients.getSelectionModel().select(victim));
        robot.clickOn("#drop-client");
        assertThat(sleeper.waitFor(60, TimeUnit.SECONDS))
                .as("psql ended by the drop")
                .isTrue();
        String sleeperSaid = new String(sleeper.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sleeper.exitValue()).isNotZero();
        assertThat(sleeperSaid).contains("FATAL", "dropped by the operator in the console");
        waitUntil(() ->
                clients.getItems().stream().noneMatch(c -> c.applicationName().equals("gui-sleeper")));
        assertThat(clients.getItems()).anyMatch(c -> c.applicationName().equals("gui-probe"));
        assertThat(robot.lookup("#endpoint-status").queryAs(Label.class).getText())
                .startsWith("Dropped client " + victim.clientId());
        in.close();
        assertThat(staying.waitFor(60, TimeUnit.SECONDS)).isTrue();

        var journal = Journal.read(audit);
        assertThat(journal.types()).contains("endpoint.open", "client.connect", "client.disconnect");
        assertThat(journal.ofType("client.disconnect"))
                .anyMatch(r -> r.path("detail").asString().contains("gui-sleeper")
                        && r.path("detail").asString().contains("dropped by the operator in the console"));
        assertThat(journal.toString()).contains("select pg_sleep(120)", "select 2");

        robot.interact(() ->
                robot.lookup("#endpoint-view").query().getScene().getWindow().hide());
        robot.clickOn("#close-session");
        waitUntil(() -> robot.lookup("#save-evidence").queryAs(Button.class).isVisible()
                && !robot.lookup("#save-evidence").queryAs(Button.class).isDisabled());
        robot.clickOn("#save-evidence");
        waitUntil(() ->
                robot.lookup("#evidence-result").queryAs(Label.class).getText().startsWith("Evidence pack saved"));
        String result = robot.lookup("#evidence-result").queryAs(Label.class).getText();
        assertThat(result).contains(pack.toString(), "unsigned", "manifest sha256");
        snapshot(window.getScene(), "evidence-saved.png");

        var verification = EvidencePackVerifier.verify(pack, List.of());
        assertThat(verification.ok()).as(verification.summary()).isTrue();
        assertThat(Journal.read(audit).types()).contains("session.end");
    }

    @SuppressWarnings("unchecked")
    private void openSession(FxRobot robot) throws Exception {
        var contexts = robot.lookup("#context").queryAs(ComboBox.class);
        waitUntil(() -> contexts.getItems().stream()
                .anyMatch(c -> ((ContextChoice) c).name().equals("kfm-demo")));
        robot.clickOn("#database").write("kfm");
        robot.clickOn("#continue");
        waitUntil(() -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write(org.kfm.breakglass.e2e.Stage.REASON);
        robot.clickOn("#ticket").write(org.kfm.breakglass.e2e.Stage.TICKET);
        robot.clickOn("#justify-ok");
        waitUntil(() -> robot.lookup("#checks").tryQuery().isPresent());
        ListView<CheckResult> checks = robot.lookup("#checks").queryAs(ListView.class);
        waitUntil(() -> !robot.lookup("#open-session").queryAs(Button.class).isDisabled()
                || checks.getItems().stream().anyMatch(c -> c.verdict() == Verdict.FAIL));
        assertThat(checks.getItems())
                .allSatisfy(c -> assertThat(c.verdict())
                        .as("%s: %s", c.name(), c.reason())
                        .isNotEqualTo(Verdict.FAIL));
        robot.clickOn("#open-session");
        waitUntil(() -> robot.lookup("#session-view").tryQuery().isPresent());
        waitUntil(() -> "OPEN"
                .equals(robot.lookup("#banner-tunnel").queryAs(Label.class).getText()));
    }

    private static Process run(List<String> command, String applicationName) throws IOException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PGAPPNAME", applicationName);
        builder.environment().remove("PGPASSWORD");
        return builder.start();
    }

    private static void snapshot(Scene scene, String name) throws Exception {
        var image = new CompletableFuture<javafx.scene.image.WritableImage>();
        javafx.application.Platform.runLater(() -> image.complete(scene.snapshot(null)));
        Path dir = Path.of("target", "ui-snapshots");
        Files.createDirectories(dir);
        ImageIO.write(
                SwingFXUtils.fromFXImage(image.get(10, TimeUnit.SECONDS), null),
                "png",
                dir.resolve(name).toFile());
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The real dialogs, but the save chooser answers with the test's file and the close is confirmed. */
    private record SavingTo(DialogService real, Path file) implements DialogService {
        @Override
        public Optional<JustificationInput> askJustification(
                JustificationRules rules, boolean writeAllowed, String target) {
            return real.askJustification(rules, writeAllowed, target);
        }

        @Override
        public Optional<Elevation> askElevation(JustificationRules rules, String database) {
            return real.askElevation(rules, database);
        }

        @Override
        public Optional<Path> askSaveFile(String title, String extension, String suggestedName) {
            return Optional.of(file);
        }

        @Override
        public void showChecks(String title, List<CheckResult> lines) {
            real.showChecks(title, lines);
        }

        @Override
        public void showError(String title, String message) {
            real.showError(title, message);
        }

        @Override
        public boolean confirm(String title, String message) {
            return true;
        }
    }
}
