package org.kfm.breakglass.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
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
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.testkit.Shape;
import org.kfm.breakglass.ui.app.ConsoleScene;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The start screen on the demo cluster with every target shape (a plain Service and CloudNativePG, Zalando and
 * Crunchy clusters): it lists them all, and the one the operator picks is the one the session opens.
 */
@ExtendWith(ApplicationExtension.class)
class StartScreenTargetsUiTest {
    private static org.kfm.breakglass.e2e.Stage stage;

    private Path audit;
    private Stage window;

    @BeforeAll
    static void startStage() {
        stage = org.kfm.breakglass.e2e.Stage.start(Shape.ALL);
    }

    @AfterAll
    static void stopStage() {
        if (stage != null) stage.close();
    }

    @Start
    void start(Stage fxStage) throws Exception {
        Path home = Files.createTempDirectory("start-targets");
        audit = home.resolve("audit");
        var env = Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "XDG_STATE_HOME",
                home.resolve("state").toString());
        var gateway = SessionGateway.create(Optional.of(stage.policy()), Optional.of(audit), env, Clock.systemUTC());
        var port = new SessionConsolePort(gateway, stage.cluster().kubeconfig());
        var console =
                ConsoleScene.create(port, null, ResultMapPreview.onVirtualThreads(), home.resolve("ui-state"), false);
        fxStage.setScene(console.scene());
        fxStage.setWidth(1280);
        fxStage.setHeight(820);
        fxStage.show();
        window = fxStage;
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsEveryTargetKindAndOpensThePickedCnpgCluster(FxRobot robot) throws Exception {
        var contexts = robot.lookup("#context").queryAs(ComboBox.class);
        waitUntil(() -> contexts.getItems().stream()
                .anyMatch(c -> ((ContextChoice) c).name().equals("kfm-demo")));
        ListView<ListedTarget> targets = robot.lookup("#targets").queryAs(ListView.class);
        waitUntil(() -> targets.getItems().size() >= 4);

        assertThat(targets.getItems())
                .extracting(ListedTarget::kind, ListedTarget::target)
                .contains(
                        org.assertj.core.groups.Tuple.tuple("Service", "svc/postgis:5432"),
                        org.assertj.core.groups.Tuple.tuple("CloudNativePG", "cnpg/kfm-cnpg:rw"))
                .extracting(t -> (String) t.toList().getFirst())
                .contains("Zalando", "Crunchy PGO");
        var cnpg = targets.getItems().stream()
                .filter(t -> t.target().equals("cnpg/kfm-cnpg:rw"))
                .findFirst()
                .orElseThrow();
        assertThat(cnpg.primaryPod()).contains("kfm-cnpg-1");
        assertThat(cnpg.readyReplicas()).contains("kfm-cnpg-2");
        assertThat(cnpg.secret()).contains("kfm-cnpg-app");
        assertThat(robot.lookup("#targets-status").queryAs(Label.class).getText())
                .contains("PostgreSQL target(s) in");
        snapshot("start-targets.png");

        int row = targets.getItems().indexOf(cnpg);
        robot.interact(() -> targets.scrollTo(row));
        robot.clickOn(robot.lookup("#targets .list-cell")
                .match(cell -> ((javafx.scene.control.ListCell<?>) cell).getItem() == cnpg)
                .queryAs(javafx.scene.Node.class));
        waitUntil(() -> targets.getSelectionModel().getSelectedItem() == cnpg);
        robot.clickOn("#use-target");
        waitUntil(
                () -> robot.lookup("#target").queryAs(TextField.class).getText().equals("cnpg/kfm-cnpg:rw"));
        assertThat(robot.lookup("#database").queryAs(TextField.class).getText()).isEmpty();

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
        assertThat(robot.lookup("#banner-pod").queryAs(Label.class).getText()).isEqualTo("kfm-cnpg-1");

        var journal = Journal.read(audit);
        var open = journal.first("tunnel.open");
        assertThat(open.path("tunnel").path("pod").asString()).isEqualTo("kfm-cnpg-1");
        assertThat(open.path("tunnel").path("reason").asString())
                .contains("credentials from Secret kfm-cnpg-app", "Service kfm-cnpg-rw");
        assertThat(journal.records())
                .as("no database typed: the session logged in to the Secret's dbname")
                .anyMatch(r -> r.path("target").path("pod").asString().equals("kfm-cnpg-1")
                        && r.path("target").path("database").asString().equals("kfm")
                        && r.path("target").path("dbUser").asString().equals("kfm_reader"));
    }

    private void snapshot(String name) throws Exception {
        var image = WaitForAsyncUtils.asyncFx(() -> window.getScene().snapshot(null))
                .get(10, TimeUnit.SECONDS);
        Path dir = Path.of("target", "ui-snapshots");
        Files.createDirectories(dir);
        ImageIO.write(
                SwingFXUtils.fromFXImage(image, null), "png", dir.resolve(name).toFile());
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
