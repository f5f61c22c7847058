package org.kfm.breakglass.ui.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.testkit.LocalPostgis;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.FxUiThread;
import org.kfm.breakglass.ui.VirtualThreadWork;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The map preview on headless Monocle, fed with geometries from a real PostGIS. */
@ExtendWith(ApplicationExtension.class)
class SpatialPreviewViewTest {
    private static LocalPostgis pg;
    private static List<GeometryRow> places;
    private static List<GeometryRow> parcels;
    private static double[] place122;
    private static List<GeometryRow> dense;

    private final List<Integer> selectedRows = new CopyOnWriteArrayList<>();
    private final List<String> reprojections = new CopyOnWriteArrayList<>();
    private SpatialPreviewViewModel model;
    private SpatialPreviewView view;

    @BeforeAll
    static void loadGeometries() throws Exception {
        pg = LocalPostgis.start();
        try (Connection db = pg.connect(pg.reader())) {
            places = rows(db, "SELECT geom FROM places ORDER BY id");
            parcels = rows(db, "SELECT geom FROM parcels ORDER BY id");
            dense = rows(
                    db,
                    "SELECT (ST_Dump(ST_GeneratePoints(ST_Union(ST_Buffer(ST_SetSRID(ST_MakePoint(8, 50), 4326), 1.5, 32), "
                            + "ST_Buffer(ST_SetSRID(ST_MakeLine(ST_MakePoint(9, 49), ST_MakePoint(12, 52)), 4326), 0.4)), 200000, 7))).geom");
            try (var st = db.createStatement();
                    var rs = st.executeQuery("SELECT ST_X(geom), ST_Y(geom) FROM places WHERE id = 123")) {
                rs.next();
                place122 = new double[] {rs.getDouble(1), rs.getDouble(2)};
            }
        }
    }

    @AfterAll
    static void stopPostgis() {
        if (pg != null) {
            pg.close();
        }
    }

    private static List<GeometryRow> rows(Connection db, String sql) throws SQLException {
        var rows = new ArrayList<GeometryRow>();
        try (var st = db.createStatement();
                var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(new GeometryRow(rows.size(), rs.getString(1)));
            }
        }
        return rows;
    }

    @Start
    void start(Stage stage) {
        javafx.application.Application.setUserAgentStylesheet(
                new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
        model = new SpatialPreviewViewModel(BackgroundWork.direct());
        model.setOnRowSelected(selectedRows::add);
        model.setOnReprojectRequested((column, srid) -> reprojections.add(column + "@" + srid));
        view = new SpatialPreviewView(model);
        stage.setScene(new Scene(view, 900, 600));
        // TestFX hands every test the same primary stage: one sized by an earlier test would stretch this scene,
        // and the pixel expectations below are for a 900 x 600 map.
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void clickingAPointSelectsItsRow(FxRobot robot) {
        robot.interact(() -> model.show("geom", places));
        var vp = model.viewport();
        Point2D onScreen = view.canvas().localToScreen(vp.screenX(place122[0]) + 2, vp.screenY(place122[1]) - 1);

        robot.clickOn(onScreen);

        assertThat(selectedRows).containsExactly(122);
    }

    @Test
    void highlightedRowsAreDrawnInTheHighlightColour(FxRobot robot) throws Exception {
        robot.interact(() -> model.show("geom", places));
        var vp = model.viewport();
        int x = (int) Math.round(vp.screenX(place122[0]));
        int y = (int) Math.round(vp.screenY(place122[1]));
        Color before = pixel(robot, view.canvas(), x, y);

        robot.interact(() -> model.highlightRows(List.of(122)));
        Color after = pixel(robot, view.canvas(), x, y);

        assertThat(before.getBlue()).isGreaterThan(before.getRed()); // the column's blue
        assertThat(after.getRed()).isGreaterThan(after.getBlue() + 0.3); // the highlight's orange
        assertThat(model.getPlan().highlightPointCount()).isEqualTo(1);
        save(robot, view, "spatial-preview-places.png");
    }

    @Test
    void zoomToExtentBringsEveryGeometryBackIntoView(FxRobot robot) {
        robot.interact(() -> model.show("geom", parcels));
        String fitted = model.getStatus();
        double fittedScale = model.viewport().scale();
        robot.moveTo(view.canvas()).scroll(5, javafx.geometry.VerticalDirection.DOWN);
        assertThat(model.viewport().scale()).as("scale after scrolling").isGreaterThan(fittedScale * 2);
        double scrolledX = model.viewport().worldMinX();
        robot.drag(view.canvas()).dropBy(150, 40);
        assertThat(model.viewport().worldMinX()).as("x after dragging").isLessThan(scrolledX);
        assertThat(model.getStatus()).contains("outside view");

        robot.clickOn("#spatial-fit");

        assertThat(model.getStatus())
                .isEqualTo(fitted)
                .startsWith("501 of 501 drawn · SRID 25832 · 0 empty · 1 invalid (row 500)");
        var vp = model.viewport();
        assertThat(vp.worldMinX()).isLessThanOrEqualTo(390000);
        assertThat(vp.worldMaxX()).isGreaterThanOrEqualTo(424800);
        assertThat(vp.worldMaxY()).isGreaterThanOrEqualTo(5519600);
    }

    @Test
    void draggingMovesTheCachedFrameAndPlansOnlyOnRelease(FxRobot robot) {
        robot.interact(() -> model.show("geom", dense));
        var plans = new CopyOnWriteArrayList<org.kfm.breakglass.spatial.RenderPlan>();
        robot.interact(() -> model.planProperty().addListener((obs, old, plan) -> plans.add(plan)));
        var vp = model.viewport();
        int x = (int) vp.screenX(8);
        int y = (int) vp.screenY(50);
        Color before = pixel(robot, view.canvas(), x, y);

        robot.drag(view.canvas(), javafx.scene.input.MouseButton.PRIMARY)
                .moveBy(60, 0)
                .moveBy(60, 0);
        assertThat(model.interacting()).isTrue();
        assertThat(plans).as("no plan while dragging").isEmpty();
        // The cached frame moved with the pointer: the dense centre is now 120 px to the right.
        Color moved = pixel(robot, view.canvas(), x + 120, y);
        assertThat(moved.getGreen()).as("moved frame " + moved).isGreaterThan(0.3);
        assertThat(moved.getBrightness()).isLessThan(0.99);
        assertThat(before.getGreen()).isGreaterThan(0.3);

        robot.drop();

        assertThat(model.interacting()).isFalse();
        // A plan for the view the drag left (and maybe one more if the longer status line wraps and the canvas
        // shrinks).
        assertThat(plans).as("plans after the drop").isNotEmpty();
        assertThat(plans.getLast().viewport().worldMinX()).isLessThan(vp.worldMinX());
    }

    @Test
    void aPlanOfAViewTheDragHasLeftDoesNotRepaintTheMovingFrame(FxRobot robot) {
        // Plans are held back until released, as a slow background plan would be while the operator drags.
        var held = new java.util.ArrayDeque<Runnable>();
        boolean[] holding = {false};
        BackgroundWork gated = new BackgroundWork() {
            @Override
            public <T> void submit(
                    String name,
                    java.util.concurrent.Callable<T> task,
                    java.util.function.Consumer<? super T> onSuccess,
                    java.util.function.Consumer<Throwable> onFailure) {
                Runnable run = () -> BackgroundWork.direct().submit(name, task, onSuccess, onFailure);
                if (holding[0] && name.equals("spatial-plan")) {
                    held.add(run);
                } else {
                    run.run();
                }
            }
        };
        var slow = new SpatialPreviewViewModel(gated);
        var slowView = new SpatialPreviewView(slow);
        robot.interact(() -> view.setCenter(slowView));
        robot.interact(() -> slow.show("geom", dense));
        var before = slow.viewport();
        robot.interact(() -> {
            holding[0] = true;
            slow.highlightRows(List.of(3)); // a plan of the current view starts and is held
        });
        assertThat(held).as("the held plan").hasSize(1);

        robot.drag(slowView.canvas(), javafx.scene.input.MouseButton.PRIMARY)
                .moveBy(60, 0)
                .moveBy(60, 0);
        assertThat(slow.interacting()).isTrue();
        var moving = pixels(robot, slowView.canvas());
        robot.interact(() -> held.poll().run()); // the plan of the view before the drag arrives now
        assertThat(slow.getPlan().viewport()).isEqualTo(before);

        // Still the cached frame, where the pointer took it: no jump back, no legend or scale bar mid-move.
        assertThat(pixels(robot, slowView.canvas()))
                .as("the moving frame after a stale plan arrived")
                .isEqualTo(moving);

        robot.interact(() -> holding[0] = false);
        robot.drop();
        assertThat(slow.interacting()).isFalse();
        assertThat(slow.getPlan().viewport().worldMinX()).isLessThan(before.worldMinX());
        assertThat(pixels(robot, slowView.canvas()))
                .as("the frame planned for the view the drag left")
                .isNotEqualTo(moving);
    }

    @Test
    void landIsDrawnUnderDataInGeographicAndWebMercatorCoordinates(FxRobot robot) throws Exception {
        double[][] corners = {{-100, 60}, {120, 60}, {-100, -40}, {120, -40}};
        for (int srid : new int[] {4326, 3857}) {
            var rows = new ArrayList<GeometryRow>();
            for (double[] c : corners) {
                double x = srid == 4326 ? c[0] : Math.toRadians(c[0]) * 6_378_137;
                double y = srid == 4326 ? c[1] : 6_378_137 * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(c[1]) / 2));
                var point = new org.locationtech.jts.geom.GeometryFactory()
                        .createPoint(new org.locationtech.jts.geom.Coordinate(x, y));
                point.setSRID(srid);
                rows.add(new GeometryRow(
                        rows.size(),
                        org.locationtech.jts.io.WKBWriter.toHex(
                                new org.locationtech.jts.io.WKBWriter(2, true).write(point))));
            }
            robot.interact(() -> model.show("geom", rows));
            var vp = model.viewport();
            assertThat(model.getPlan().basemap())
                    .as("land paths in SRID " + srid)
                    .hasSizeGreaterThan(20);
            // Central Africa (22°E 5°N) is land, the mid-Atlantic (35°W 5°N) is sea: the paper colour (both away
            // from the 30° graticule lines).
            double africaX = srid == 4326 ? 22 : Math.toRadians(22) * 6_378_137;
            double atlanticX = srid == 4326 ? -35 : Math.toRadians(-35) * 6_378_137;
            double lat5 = srid == 4326 ? 5 : 6_378_137 * Math.log(Math.tan(Math.PI / 4 + Math.toRadians(5) / 2));
            Color land = pixel(robot, view.canvas(), (int) vp.screenX(africaX), (int) vp.screenY(lat5));
            Color sea = pixel(robot, view.canvas(), (int) vp.screenX(atlanticX), (int) vp.screenY(lat5));
            assertThat(land).as("land in SRID " + srid).isEqualTo(Color.web("#e8ebe0"));
            assertThat(sea).as("sea in SRID " + srid).isEqualTo(Color.web("#f6f8fa"));
            assertThat(robot.lookup("#spatial-basemap-note").queryAs(Node.class).isVisible())
                    .isFalse();
            save(robot, view, "spatial-basemap-" + srid + ".png");
        }

        robot.interact(() -> model.show("geom", parcels));
        assertThat(model.getPlan().basemap()).isEmpty();
        assertThat(robot.lookup("#spatial-basemap-note").queryAs(javafx.scene.control.Label.class))
                .satisfies(note -> assertThat(note.isVisible()).isTrue())
                .satisfies(note -> assertThat(note.getText())
                        .isEqualTo("No basemap for SRID 25832: reproject in the database (ST_Transform(geom, 4326)) "
                                + "to see the data over land"));
    }

    @Test
    void mixedSridsOfferAChooserAndDrawOneSridAtATime(FxRobot robot) throws Exception {
        var mixed = new ArrayList<GeometryRow>();
        places.forEach(r -> mixed.add(new GeometryRow(mixed.size(), r.hex())));
        parcels.forEach(r -> mixed.add(new GeometryRow(mixed.size(), r.hex())));
        robot.interact(() -> model.show("geom", mixed));

        assertThat(robot.lookup("#spatial-srid").queryAs(Node.class).isVisible())
                .isTrue();
        assertThat(model.getStatus()).contains("501 geometries in SRID 25832 not drawn (mixed SRIDs)");

        robot.interact(() -> model.selectSrid(25832));
        robot.interact(() -> model.highlightRows(List.of(1001 + 260, 1001 + 500)));
        assertThat(model.getStatus())
                .startsWith("501 of 1,502 drawn · SRID 25832")
                .contains("1,000 geometries in SRID 4326 not drawn (mixed SRIDs)");
        robot.clickOn("#spatial-reproject");
        assertThat(reprojections).containsExactly("geom@25832");
        save(robot, view, "spatial-preview-parcels.png");
    }

    @Test
    void overlappingPointsAreDrawnAsDensityWithALegend(FxRobot robot) throws Exception {
        robot.interact(() -> model.show("geom", dense));

        assertThat(model.getStatus())
                .startsWith("200,000 of 200,000 drawn · SRID 4326")
                .contains("drawn as density, up to ");
        var plan = model.getPlan();
        assertThat(plan.dense()).isTrue();
        assertThat(plan.density().marks()).isEqualTo(200_000);
        assertThat(plan.density().max()).isGreaterThan(1);
        var vp = model.viewport();
        // The buffered centre is the densest region: a warm (green/yellow) ramp colour, not the paper.
        Color centre = pixel(robot, view.canvas(), (int) vp.screenX(8), (int) vp.screenY(50));
        assertThat(centre.getGreen())
                .as("density colour at the centre " + centre)
                .isGreaterThan(0.3);
        assertThat(centre.getBrightness()).isLessThan(0.99);
        // The legend's colour bar, bottom left: viridis purple at its low end, yellow at its high end.
        double h = view.canvas().getHeight();
        Color low = pixel(robot, view.canvas(), 13, (int) h - 32);
        Color high = pixel(robot, view.canvas(), 12 + 138, (int) h - 32);
        assertThat(low.getBlue()).as("legend low end " + low).isGreaterThan(low.getGreen());
        assertThat(high.getRed()).as("legend high end " + high).isGreaterThan(0.8);
        assertThat(high.getGreen()).isGreaterThan(0.8);
        assertThat(high.getBlue()).isLessThan(0.4);
        save(robot, view, "spatial-preview-dense.png");
    }

    @Test
    void clickingADenseMapSelectsAPointUnderTheCursor(FxRobot robot) {
        robot.interact(() -> model.show("geom", dense));
        var vp = model.viewport();
        Point2D onScreen = view.canvas().localToScreen(vp.screenX(8), vp.screenY(50));

        robot.clickOn(onScreen);

        assertThat(selectedRows).hasSize(1);
        int row = selectedRows.getFirst();
        var hit = org.kfm.breakglass.spatial.GeometryText.full(dense.get(row).hex());
        var coordinates =
                hit.replaceAll(".*POINT \\(([-0-9.]+) ([-0-9.]+)\\).*", "$1 $2").split(" ");
        double px = Double.parseDouble(coordinates[0]);
        double py = Double.parseDouble(coordinates[1]);
        assertThat(Math.hypot(vp.screenX(px) - vp.screenX(8), vp.screenY(py) - vp.screenY(50)))
                .as("the selected point %s lies under the click", hit)
                .isLessThanOrEqualTo(SpatialPreviewViewModel.CLICK_TOLERANCE_PX + 1);
    }

    @Test
    void productionBackgroundWorkDecodesOffTheFxThreadAndDrawsEverything(FxRobot robot) throws Exception {
        var threads = new CopyOnWriteArrayList<String>();
        BackgroundWork production = new VirtualThreadWork(new FxUiThread());
        BackgroundWork recording = new BackgroundWork() {
            @Override
            public <T> void submit(
                    String name,
                    java.util.concurrent.Callable<T> task,
                    java.util.function.Consumer<? super T> onSuccess,
                    java.util.function.Consumer<Throwable> onFailure) {
                production.submit(
                        name,
                        () -> {
                            threads.add(Thread.currentThread().getName()
                                    + (javafx.application.Platform.isFxApplicationThread() ? "@fx" : ""));
                            return task.call();
                        },
                        onSuccess,
                        onFailure);
            }
        };
        var async = new SpatialPreviewViewModel(recording);
        robot.interact(() -> view.setCenter(new SpatialPreviewView(async)));
        robot.interact(() -> async.show("geom", dense));

        org.testfx.util.WaitForAsyncUtils.waitFor(
                60,
                java.util.concurrent.TimeUnit.SECONDS,
                () -> async.getStatus().startsWith("200,000 of 200,000 drawn")
                        && !async.busyProperty().get());

        assertThat(threads)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t).startsWith("ui-spatial-").doesNotEndWith("@fx"));
        // (Sealing the layer runs in the last decode step or a step of its own, depending on timing.)
        assertThat(threads).anyMatch(t -> t.startsWith("ui-spatial-decode-geom"));
    }

    private static Color pixel(FxRobot robot, javafx.scene.canvas.Canvas canvas, int x, int y) {
        var image = new WritableImage[1];
        robot.interact(() -> image[0] = canvas.snapshot(null, null));
        return image[0].getPixelReader().getColor(x, y);
    }

    private static int[] pixels(FxRobot robot, javafx.scene.canvas.Canvas canvas) {
        var image = new WritableImage[1];
        robot.interact(() -> image[0] = canvas.snapshot(null, null));
        int w = (int) image[0].getWidth();
        int h = (int) image[0].getHeight();
        int[] argb = new int[w * h];
        image[0].getPixelReader()
                .getPixels(0, 0, w, h, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, w);
        return argb;
    }

    private static void save(FxRobot robot, Node node, String name) throws Exception {
        var image = new WritableImage[1];
        robot.interact(() -> image[0] = node.snapshot(null, null));
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        ImageIO.write(SwingFXUtils.fromFXImage(image[0], null), "png", target.toFile());
    }
}
