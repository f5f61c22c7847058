package org.kfm.breakglass.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.testkit.FakeCluster;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.ui.app.ConsoleScene;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;
import org.kfm.breakglass.ui.spatial.SpatialPreviewView;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console on the real engine, headless on Monocle: a local PostGIS behind the fake Kubernetes API, the real
 * {@link SessionGateway} and its journal, the real map preview. The operator's whole path, as they would click it.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleOnEngineUiTest {
    private static final String PLACES = "SELECT name, geom FROM places ORDER BY name LIMIT 200";
    private static final String REASON = "Checking place geometries after the nightly import";

    private static LocalPostgis pg;
    private static FakeCluster cluster;

    private final ShiftedClock clock = new ShiftedClock();
    private SessionGateway gateway;
    private ConsoleScene console;

    @BeforeAll
    static void startCluster() {
        pg = LocalPostgis.start();
        cluster = FakeCluster.start(pg);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
        if (pg != null) pg.close();
    }

    @Start
    void start(Stage stage) throws Exception {
        Path home = Files.createTempDirectory("console-on-engine");
        Path policy = home.resolve("policy.yaml");
        Files.writeString(policy, """
                justification:
                  reasonMinLength: 20
                  ticketPattern: '^(INC|CHG)-\\d+$'
                session:
                  maxDuration: 2h
                audit:
                  witness: {kind: cluster, requirement: required}
                """);
        var env = Map.of(
                "HOME",
                home.toString(),
                "XDG_CONFIG_HOME",
                home.resolve("config").toString(),
                "XDG_STATE_HOME",
                home.resolve("state").toString());
        gateway = SessionGateway.create(Optional.of(policy), Optional.of(home.resolve("audit")), env, clock);
        var port = new SessionConsolePort(gateway, cluster.kubeconfig());
        console = ConsoleScene.create(port, null, ResultMapPreview.onVirtualThreads(), home.resolve("ui-state"), false);
        stage.setScene(console.scene());
        stage.show();
    }

    @Test
    void operatorQueriesPicksOnTheMapCancelsAndRidesOutATunnelDrop(FxRobot robot) throws Exception {
        openSession(robot);
        assertThat(text(robot, "#banner-pod")).isEqualTo("postgis-0");
        assertThat(text(robot, "#banner-mode")).containsIgnoringCase("read-only");

        run(robot, PLACES);
        var table = robot.lookup("#result-table").queryAs(TableView.class);
        waitUntil(() -> table.getItems().size() == 200);
        waitUntil(() -> text(robot, "#result-summary").startsWith("200 rows"));
        var map = robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
        // One of the 200 places has an empty point: it is counted, not drawn.
        waitUntil(() -> map.model().getPlan() != null
                && !map.model().busyProperty().get()
                && map.model().getStatus().startsWith("199 of 200 drawn"));
        assertThat(robot.lookup("#spatial-status").queryAs(Label.class).getText())
                .contains("1 empty");

        // Click the place that stands most apart on the map: the table must select exactly its row.
        var target = loneliestPlace(map);
        Point2D onScreen = WaitForAsyncUtils.asyncFx(() -> map.canvas().localToScreen(target.x(), target.y()))
                .get(10, TimeUnit.SECONDS);
        robot.moveTo(onScreen).clickOn();
        waitUntil(() -> table.getSelectionModel().getSelectedIndices().contains(target.row()));
        assertThat(table.getSelectionModel().getSelectedIndices()).containsOnly(target.row());
        assertThat(((List<?>) table.getItems().get(target.row())).getFirst()).isEqualTo(target.name());
        // ...and the table's selection comes back to the map as the highlighted mark, where the click was.
        waitUntil(() -> map.model().getPlan().highlightPointCount() == 1);
        double[] mark = map.model().getPlan().highlightPoints();
        assertThat(Math.hypot(mark[0] - target.x(), mark[1] - target.y())).isLessThan(1.5);

        run(robot, "SELECT pg_sleep(30)");
        waitUntil(() -> !robot.lookup("#cancel").queryAs(Button.class).isDisabled());
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        waitUntil(() -> text(robot, "#result-summary").equals("Cancelled"));
        waitUntil(() -> journal().contains("57014"));

        List<String> tunnelStates = new CopyOnWriteArrayList<>();
        var tunnel = robot.lookup("#banner-tunnel").queryAs(Label.class);
        robot.interact(() -> tunnel.textProperty().addListener((o, a, now) -> tunnelStates.add(now)));
        cluster.faults().dropAllForwards();
        waitUntil(() -> tunnelStates.contains("RECONNECTING"));
        waitUntil(() -> tunnel.getText().equals("OPEN"));

        assertThat(journal()).contains(PLACES, "SELECT pg_sleep(30)", "tunnel.drop", "tunnel.reconnect");
    }

    @Test
    void theExtentTheOperatorLookedAtIsJournaledAsMapViewBeforeTheNextStatement(FxRobot robot) throws Exception {
        openSession(robot);
        run(robot, PLACES);
        var map = robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
        waitUntil(() -> map.model().getPlan() != null
                && !map.model().busyProperty().get()
                && map.model().getStatus().startsWith("199 of 200 drawn"));
        var fitted = map.model().viewport();

        // Zoom in twice around a point left of the centre: the map re-plans once the wheel rests.
        Point2D zoomAt = WaitForAsyncUtils.asyncFx(() -> map.canvas()
                        .localToScreen(map.canvas().getWidth() / 4, map.canvas().getHeight() / 2))
                .get(10, TimeUnit.SECONDS);
        robot.moveTo(zoomAt).scroll(2, javafx.geometry.VerticalDirection.DOWN);
        waitUntil(() -> map.model().getPlan() != null
                && map.model().getPlan().viewport().scale() != fitted.scale());
        assertThat(journal()).doesNotContain("\"type\":\"map.view\"");

        run(robot, "SELECT 1");
        waitUntil(() -> journal().contains("\"sql\":\"SELECT 1\""));
        List<String> lines = journal().lines().toList();
        int view = indexOf(lines, "\"type\":\"map.view\"");
        int next = indexOf(lines, "\"sql\":\"SELECT 1\"");
        assertThat(view).as("a map.view record").isNotNegative();
        assertThat(view)
                .as("map.view is durable before the next statement's query.begin")
                .isLessThan(next);
        String record = lines.get(view);
        assertThat(record).contains("\"sql\":\"" + PLACES + "\"", "of column geom", "extents drawn, their union");
        var box = java.util.regex.Pattern.compile("SRID=(\\d+);BOX\\(([^ ]+) ([^,]+),([^ ]+) ([^)]+)\\)")
                .matcher(record);
        assertThat(box.find()).as(record).isTrue();
        assertThat(box.group(1)).isEqualTo("4326");
        // The union holds the first, whole-extent view: PostGIS finds every drawn place inside the journaled box.
        try (var db = pg.connect(pg.reader());
                var st = db.createStatement();
                var rs = st.executeQuery("SELECT count(*) FILTER (WHERE geom && ST_MakeEnvelope(" + box.group(2) + ", "
                        + box.group(3) + ", " + box.group(4) + ", " + box.group(5) + ", 4326)), count(*) FILTER"
                        + " (WHERE NOT ST_IsEmpty(geom)) FROM (" + PLACES + ") q")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isEqualTo(199);
        }
        // Nothing new was looked at since: the statement after does not journal the view again.
        run(robot, "SELECT 2");
        waitUntil(() -> journal().contains("\"sql\":\"SELECT 2\""));
        assertThat(journal().lines().filter(l -> l.contains("\"type\":\"map.view\"")))
                .hasSize(1);
    }

    @Test
    void aMapStillShowingWhenTheWindowClosesIsJournaledBeforeTheSessionEnds(FxRobot robot) throws Exception {
        openSession(robot);
        showPlacesOnTheMap(robot);
        assertThat(journal()).doesNotContain("\"type\":\"map.view\"");

        // Quitting the window closes the session on the FX thread: the end asks the maps there, without waiting.
        robot.interact(() -> console.window().shutdown());
        waitUntil(() -> journal().contains("\"type\":\"session.end\""));
        List<String> lines = journal().lines().toList();
        int view = indexOf(lines, "\"type\":\"map.view\"");
        assertThat(view).as("a map.view record at window close").isNotNegative();
        assertThat(view).isLessThan(indexOf(lines, "\"type\":\"session.end\""));
        assertThat(lines.get(view)).contains("\"sql\":\"" + PLACES + "\"", "of column geom", "SRID=4326;BOX(");
    }

    @Test
    void aMapStillShowingAtExpiryIsJournaledBeforeTheSessionEnds(FxRobot robot) throws Exception {
        openSession(robot);
        showPlacesOnTheMap(robot);

        clock.advance(Duration.ofHours(3)); // the session's own tick ends it, on the ticker's thread
        waitUntil(() -> journal().contains("\"type\":\"session.end\""));
        List<String> lines = journal().lines().toList();
        int view = indexOf(lines, "\"type\":\"map.view\"");
        assertThat(view).as("a map.view record at expiry").isNotNegative();
        assertThat(view)
                .isGreaterThan(indexOf(lines, "\"type\":\"session.expire\""))
                .isLessThan(indexOf(lines, "\"type\":\"session.end\""));
        assertThat(lines.get(view)).contains("\"sql\":\"" + PLACES + "\"", "of column geom", "SRID=4326;BOX(");
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"map.view\"")))
                .hasSize(1);
    }

    @Test
    void queryThisViewIsOfferedForOneTablesColumnAndDisabledWithTheReasonForAJoin(FxRobot robot) throws Exception {
        openSession(robot);
        showPlacesOnTheMap(robot);
        var queryView = robot.lookup("#spatial-query-view").queryAs(Button.class);
        var map = robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
        waitUntil(() -> map.model().mapSource() != null);
        assertThat(map.model().viewQueryRefusalProperty().get())
                .as("the session's answer; journal:%n%s", journal())
                .isEmpty();
        assertThat(queryView.isDisabled()).isFalse();
        assertThat(robot.lookup("#spatial-gist-warning").queryAs(Label.class).isVisible())
                .as("places.geom has its GiST index: no warning")
                .isFalse();
        // The console asked the plan and the index catalog as audited statements of their own.
        assertThat(journal()).contains("EXPLAIN (VERBOSE, FORMAT JSON) " + PLACES, "pg_catalog.pg_index");

        String join = "SELECT p.name, r.geom FROM places p JOIN roads r ON r.id = p.id ORDER BY p.name LIMIT 50";
        run(robot, join);
        waitUntil(() -> joinRefusal(robot) != null);
        Label refusal = joinRefusal(robot);
        assertThat(refusal.isVisible()).isTrue();
        assertThat(refusal.getText()).contains("needs one table", "public.places", "public.roads");
        assertThat(refusal.getParent().lookup("#spatial-query-view").isDisabled())
                .as("the join's Query this view")
                .isTrue();
    }

    @Test
    void aColumnWithoutAGistIndexIsWarnedOnTheToolbarAndInTheRequerysRecord(FxRobot robot) throws Exception {
        try (var owner = pg.connect(pg.owner());
                var st = owner.createStatement()) {
            st.execute("DROP TABLE IF EXISTS places_unindexed");
            st.execute("CREATE TABLE places_unindexed AS SELECT id, name, geom FROM places");
            st.execute("GRANT SELECT ON places_unindexed TO " + pg.reader().user());
        }
        openSession(robot);
        String sql = "SELECT name, geom FROM places_unindexed ORDER BY name LIMIT 200";
        run(robot, sql);
        var map = robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
        waitUntil(() -> map.model().getPlan() != null && map.model().mapSource() != null);
        assertThat(map.model().gistWarningProperty().get())
                .as("refusal: %s", map.model().viewQueryRefusalProperty().get())
                .isNotEmpty();
        var warning = robot.lookup("#spatial-gist-warning").queryAs(Label.class);
        assertThat(warning.isVisible()).isTrue();
        assertThat(warning.getText()).contains("no GiST index on public.places_unindexed (geom)");
        var queryView = robot.lookup("#spatial-query-view").queryAs(Button.class);
        assertThat(queryView.isDisabled())
                .as("one table's column: offered, with the warning")
                .isFalse();

        robot.clickOn(queryView);
        waitUntil(() -> journal().contains("WHERE q.\\\"geom\\\" && ST_MakeEnvelope("));
        assertThat(journal()
                        .lines()
                        .filter(l -> l.contains("ST_MakeEnvelope(")
                                && l.contains("\"type\":\"query.begin\"")
                                && !l.contains("EXPLAIN")))
                .singleElement()
                .satisfies(l ->
                        assertThat(l).contains("SELECT /* warning: no GiST index on public.places_unindexed (geom)"));
    }

    /** The join's map toolbar says why it cannot re-query (the first result's map may still be in the scene). */
    private static Label joinRefusal(FxRobot robot) {
        return robot.lookup("#spatial-query-view-refusal").queryAllAs(Label.class).stream()
                .filter(l -> l.getText().contains("2 relations"))
                .findFirst()
                .orElse(null);
    }

    private void showPlacesOnTheMap(FxRobot robot) throws Exception {
        run(robot, PLACES);
        var map = robot.lookup("#spatial-preview").queryAs(SpatialPreviewView.class);
        waitUntil(() -> map.model().getPlan() != null
                && !map.model().busyProperty().get()
                && map.model().getStatus().startsWith("199 of 200 drawn"));
    }

    private static int indexOf(List<String> lines, String fragment) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void expiredSessionDisablesTheEditorAndSaysSo(FxRobot robot) throws Exception {
        openSession(robot);
        run(robot, "SELECT count(*) FROM places");
        waitUntil(() -> text(robot, "#result-summary").startsWith("1 rows"));

        clock.advance(Duration.ofHours(3)); // past the time box; the session's once-a-second tick notices
        var editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        waitUntil(() -> editor.isDisabled());
        assertThat(editor.isEditable()).isFalse();
        assertThat(robot.lookup("#run").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(text(robot, "#end-message")).contains("Session expired");
        assertThat(text(robot, "#banner-time")).isEqualTo("EXPIRED");
        assertThat(journal()).contains("SELECT count(*) FROM places", "session.expire");
    }

    // ---- the operator's steps ------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void openSession(FxRobot robot) throws Exception {
        var contexts = robot.lookup("#context").queryAs(ComboBox.class);
        waitUntil(() -> contexts.getItems().stream()
                .anyMatch(c -> ((ContextChoice) c).name().equals("kfm-demo")));
        robot.interact(() -> contexts.getSelectionModel()
                .select(contexts.getItems().stream()
                        .filter(c -> ((ContextChoice) c).name().equals("kfm-demo"))
                        .findFirst()
                        .orElseThrow()));
        robot.clickOn("#database").write("kfm");
        robot.clickOn("#continue");
        waitUntil(() -> robot.lookup("#reason").tryQuery().isPresent());
        robot.clickOn("#reason").write(REASON);
        robot.clickOn("#ticket").write("INC-42");
        robot.clickOn("#justify-ok");

        waitUntil(() -> robot.lookup("#checks").tryQuery().isPresent());
        ListView<CheckResult> checks = robot.lookup("#checks").queryAs(ListView.class);
        waitUntil(() -> !robot.lookup("#open-session").queryAs(Button.class).isDisabled()
                || checks.getItems().stream().anyMatch(c -> c.verdict() != Verdict.PASS));
        assertThat(checks.getItems())
                .isNotEmpty()
                .allSatisfy(c -> assertThat(c.verdict())
                        .as("%s: %s", c.name(), c.reason())
                        .isEqualTo(Verdict.PASS));
        robot.clickOn("#open-session");
        waitUntil(() -> robot.lookup("#session-view").tryQuery().isPresent());
        waitUntil(() -> "OPEN".equals(text(robot, "#banner-tunnel")));
    }

    private void run(FxRobot robot, String sql) {
        var editor = robot.lookup("#sql-editor").queryAs(CodeArea.class);
        robot.interact(() -> editor.replaceText(""));
        robot.clickOn(editor).write(sql);
        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    }

    // ---- what the map shows --------------------------------------------------------------------------------

    private record PlaceOnMap(int row, String name, double x, double y) {}

    /** The result row whose point is farthest (on screen) from every other, so a click cannot hit a neighbour. */
    private static PlaceOnMap loneliestPlace(SpatialPreviewView map) throws SQLException {
        var viewport = map.model().viewport();
        var places = new ArrayList<PlaceOnMap>();
        try (var db = pg.connect(pg.reader());
                var st = db.createStatement();
                var rs = st.executeQuery("SELECT name, ST_X(geom), ST_Y(geom) FROM (" + PLACES + ") q")) {
            for (int row = 0; rs.next(); row++) {
                double x = rs.getDouble(2);
                if (!rs.wasNull()) {
                    places.add(new PlaceOnMap(
                            row, rs.getString(1), viewport.screenX(x), viewport.screenY(rs.getDouble(3))));
                }
            }
        }
        PlaceOnMap best = null;
        double bestGap = -1;
        for (var p : places) {
            if (p.x() < 10 || p.y() < 10 || p.x() > viewport.widthPx() - 10 || p.y() > viewport.heightPx() - 10) {
                continue;
            }
            double gap = places.stream()
                    .filter(o -> o != p)
                    .mapToDouble(o -> Math.hypot(o.x() - p.x(), o.y() - p.y()))
                    .min()
                    .orElse(Double.MAX_VALUE);
            if (gap > bestGap) {
                bestGap = gap;
                best = p;
            }
        }
        assertThat(bestGap).as("some place stands clear of its neighbours").isGreaterThan(8);
        return best;
    }

    // ---- plumbing ------------------------------------------------------------------------------------------

    private String journal() throws IOException {
        try (Stream<Path> files = Files.list(gateway.auditDir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted()
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .collect(Collectors.joining());
        }
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private static void waitUntil(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** The wall clock, moved forward on demand: expiry through the session's own tick, not a test hook. */
    private static final class ShiftedClock extends Clock {
        private volatile Duration shift = Duration.ZERO;

        void advance(Duration by) {
            shift = shift.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift);
        }
    }
}
