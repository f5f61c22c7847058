package org.kfm.breakglass.ui.spatial;

import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.util.Duration;
import org.kfm.breakglass.spatial.SridCount;
import org.kfm.breakglass.spatial.Viewport;

/**
 * The map preview beside a result table: one {@link Canvas} (never a node per feature) painting the view model's
 * render plan, with column and SRID choosers, zoom-to-extent, pan by drag, zoom by scroll around the cursor and
 * click-to-select.
 */
public final class SpatialPreviewView extends BorderPane {
    private static final double DRAG_THRESHOLD_PX = 3;
    private static final double ZOOM_STEP = 1.25;
    /** Scrolling counts as one interaction until the wheel rests this long. */
    private static final double SCROLL_SETTLE_MS = 180;

    private final SpatialPreviewViewModel model;
    private final Canvas canvas = new Canvas();
    private final PlanPainter painter = new PlanPainter();
    private double pressX;
    private double pressY;
    private double lastX;
    private double lastY;
    private boolean dragging;
    /** The last frame's map (without scale bar and legend) and the view it shows, for drawing while moving. */
    private WritableImage cachedFrame;

    private Viewport cachedView;
    private final PauseTransition scrollEnd = new PauseTransition(Duration.millis(SCROLL_SETTLE_MS));

    public SpatialPreviewView(SpatialPreviewViewModel model) {
        this.model = model;
        getStyleClass().add("spatial-preview");
        setTop(toolbar());
        setCenter(canvasPane());
        var basemapNote = new Label();
        basemapNote.setId("spatial-basemap-note");
        basemapNote.textProperty().bind(model.basemapNoteProperty());
        basemapNote.setWrapText(true);
        basemapNote.setPadding(new Insets(0, 8, 4, 8));
        basemapNote.getStyleClass().add("text-muted");
        showOnlyWhen(basemapNote, model.basemapNoteProperty().isNotEmpty());
        setBottom(new javafx.scene.layout.VBox(statusLine(), basemapNote));
        model.planProperty().addListener((obs, old, plan) -> {
            if (cachedFrame != null
                    && plan != null
                    && (model.interacting() || !plan.viewport().equals(model.viewport()))) {
                // A plan of a view the operator has already moved away from (it was running when the wheel or the
                // drag went on): painting it, and taking a new cached frame of it, would cost a full-canvas paint
                // and snapshot inside a moving frame and jump the map back. The cached frame keeps following the
                // live view; the plan of the view where the operator rests replaces it.
                drawMoving(model.viewport());
                return;
            }
            cachedFrame = null;
            redraw();
        });
        model.colourIndexProperty().addListener((obs, old, idx) -> redraw());
        model.liveViewportProperty().addListener((obs, old, vp) -> {
            if (model.interacting()) {
                drawMoving(vp);
            }
        });
        scrollEnd.setOnFinished(e -> model.endInteraction());
    }

    private HBox toolbar() {
        var columnChooser = new ComboBox<String>(model.columns());
        columnChooser.valueProperty().bindBidirectional(model.selectedColumnProperty());
        columnChooser.setId("spatial-column");
        columnChooser.setTooltip(new Tooltip("Geometry column to preview"));
        showOnlyWhen(columnChooser, Bindings.size(model.columns()).greaterThan(1));

        var sridChooser = new ComboBox<SridCount>(model.sridChoices());
        sridChooser.setId("spatial-srid");
        sridChooser.setTooltip(new Tooltip("The column mixes SRIDs: only one is drawn at a time"));
        sridChooser.setCellFactory(list -> new SridCell());
        sridChooser.setButtonCell(new SridCell());
        sridChooser.setOnAction(e -> {
            SridCount chosen = sridChooser.getValue();
            if (chosen != null) {
                model.selectSrid(chosen.srid());
            }
        });
        model.selectedSridProperty()
                .addListener((obs, old, srid) -> sridChooser.getItems().stream()
                        .filter(c -> srid != null && c.srid() == srid)
                        .findFirst()
                        .ifPresent(sridChooser::setValue));
        showOnlyWhen(sridChooser, Bindings.size(model.sridChoices()).greaterThan(1));

        var fit = new Button("Zoom to extent");
        fit.setId("spatial-fit");
        fit.setOnAction(e -> model.zoomToExtent());

        var reproject = new Button("Reproject to 4326");
        reproject.setId("spatial-reproject");
        reproject.setTooltip(new Tooltip("Run the query again with ST_Transform(…, 4326) in the database"));
        reproject.setOnAction(e -> model.requestReprojection());
        showOnlyWhen(
                reproject,
                Bindings.createBooleanBinding(
                        () -> model.reprojectionOfferedProperty().get()
                                && model.selectedSridProperty().get() != null
                                && model.selectedSridProperty().get() != 4326,
                        model.selectedSridProperty(),
                        model.reprojectionOfferedProperty()));

        var queryView = new Button("Query this view");
        queryView.setId("spatial-query-view");
        queryView.setTooltip(new Tooltip(
                "Run the statement again for the rows whose geometry meets the box on screen (&& ST_MakeEnvelope, "
                        + "served by a GiST index), audited like any statement"));
        queryView.setOnAction(e -> model.requestViewQuery());
        showOnlyWhen(queryView, model.viewQueryOfferedProperty());
        // Offered only for one table's column; otherwise disabled, and the reason is on the toolbar.
        queryView.disableProperty().bind(model.viewQueryRefusalProperty().isNotEmpty());
        var refusal = new Label();
        refusal.setId("spatial-query-view-refusal");
        refusal.textProperty().bind(model.viewQueryRefusalProperty());
        refusal.getStyleClass().add("field-hint");
        showOnlyWhen(
                refusal,
                model.viewQueryOfferedProperty()
                        .and(model.viewQueryRefusalProperty().isNotEmpty()));
        var gist = new Label();
        gist.setId("spatial-gist-warning");
        gist.textProperty().bind(model.gistWarningProperty());
        gist.getStyleClass().add("warning");
        showOnlyWhen(
                gist,
                model.viewQueryOfferedProperty().and(model.gistWarningProperty().isNotEmpty()));

        var progress = new ProgressBar();
        progress.progressProperty().bind(model.progressProperty());
        progress.setPrefWidth(120);
        showOnlyWhen(progress, model.busyProperty());

        var columnName = new Label();
        columnName
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> model.columns().size() == 1 ? model.columns().getFirst() : "", model.columns()));
        columnName.setStyle("-fx-font-weight: bold;");

        var spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        var bar = new HBox(
                8, columnName, columnChooser, sridChooser, spacer, progress, reproject, refusal, gist, queryView, fit);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 6, 8));
        return bar;
    }

    private Pane canvasPane() {
        var pane = new Pane(canvas);
        pane.setMinSize(0, 0);
        // The theme's subtle background (set in console.css) tells light from dark; the map follows it.
        pane.getStyleClass().add("map-paper");
        pane.backgroundProperty().addListener((obs, old, bg) -> {
            painter.usePalette(PlanPainter.Palette.matching(
                    bg == null
                                    || bg.getFills().isEmpty()
                                    || !(bg.getFills().getFirst().getFill() instanceof Color c)
                            ? null
                            : c));
            redraw();
        });
        canvas.widthProperty().bind(pane.widthProperty());
        canvas.heightProperty().bind(pane.heightProperty());
        canvas.widthProperty().addListener((obs, old, w) -> sizeChanged());
        canvas.heightProperty().addListener((obs, old, h) -> sizeChanged());
        canvas.setOnMousePressed(e -> {
            pressX = lastX = e.getX();
            pressY = lastY = e.getY();
            dragging = false;
        });
        canvas.setOnMouseDragged(e -> {
            if (!dragging && Math.hypot(e.getX() - pressX, e.getY() - pressY) >= DRAG_THRESHOLD_PX) {
                dragging = true;
                startMoving();
            }
            if (dragging) {
                model.panBy(e.getX() - lastX, e.getY() - lastY);
                lastX = e.getX();
                lastY = e.getY();
            }
        });
        canvas.setOnMouseReleased(e -> {
            if (!dragging && e.getButton() == MouseButton.PRIMARY) {
                model.clickAt(e.getX(), e.getY());
            }
            if (dragging) {
                model.endInteraction();
            }
            dragging = false;
        });
        canvas.setOnScroll(e -> {
            if (e.getDeltaY() != 0) {
                startMoving();
                model.zoomAt(e.getX(), e.getY(), e.getDeltaY() > 0 ? ZOOM_STEP : 1 / ZOOM_STEP);
                scrollEnd.playFromStart();
            }
        });
        return pane;
    }

    private Label statusLine() {
        var status = new Label();
        status.setId("spatial-status");
        status.textProperty().bind(model.statusProperty());
        status.setPadding(new Insets(4, 8, 4, 8));
        status.setMaxWidth(Double.MAX_VALUE);
        // Wrap rather than ellipsize: the counts are the honest part of the preview and must stay readable.
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.getStyleClass().add("text-muted");
        return status;
    }

    private void sizeChanged() {
        model.resize(canvas.getWidth(), canvas.getHeight());
        redraw();
    }

    /** Takes the current frame's map as an image once per interaction, before the first move. */
    private void startMoving() {
        if (!model.interacting()) {
            model.beginInteraction();
        }
        if (cachedFrame == null && model.getPlan() != null && canvas.getWidth() >= 1 && canvas.getHeight() >= 1) {
            int idx = model.colourIndexProperty().get();
            Color colour = PlanPainter.COLUMN_COLOURS.get(idx % PlanPainter.COLUMN_COLOURS.size());
            painter.paintMap(
                    canvas.getGraphicsContext2D(), model.getPlan(), colour, canvas.getWidth(), canvas.getHeight());
            cachedFrame = canvas.snapshot(null, null);
            cachedView = model.getPlan().viewport();
        }
    }

    /** One frame while moving: the cached map scaled and shifted to the live view; no planning, no per-point work. */
    private void drawMoving(Viewport live) {
        if (cachedFrame == null || live == null) {
            return;
        }
        double k = live.scale() / cachedView.scale();
        double x = live.screenX(cachedView.worldMinX());
        double y = live.screenY(cachedView.worldMaxY());
        var g = canvas.getGraphicsContext2D();
        painter.paintPaper(g, canvas.getWidth(), canvas.getHeight());
        // Nearest-neighbour while moving: a bilinear scale of the whole frame per pulse is the software pipeline's
        // most expensive step of a zoom frame; the plan drawn when the wheel rests is sharp again.
        g.setImageSmoothing(false);
        g.drawImage(cachedFrame, x, y, cachedFrame.getWidth() * k, cachedFrame.getHeight() * k);
        g.setImageSmoothing(true);
    }

    private void redraw() {
        int idx = model.colourIndexProperty().get();
        Color colour = PlanPainter.COLUMN_COLOURS.get(idx % PlanPainter.COLUMN_COLOURS.size());
        painter.paint(canvas.getGraphicsContext2D(), model.getPlan(), colour, canvas.getWidth(), canvas.getHeight());
    }

    /** The state behind this view (tests compute click positions from its viewport). */
    public SpatialPreviewViewModel model() {
        return model;
    }

    /** The canvas the map is painted on (for snapshots). */
    public Canvas canvas() {
        return canvas;
    }

    private static void showOnlyWhen(javafx.scene.Node node, javafx.beans.value.ObservableValue<Boolean> condition) {
        node.visibleProperty().bind(condition);
        node.managedProperty().bind(condition);
    }

    private static final class SridCell extends ListCell<SridCount> {
        @Override
        protected void updateItem(SridCount item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : String.format("SRID %d (%,d)", item.srid(), item.count()));
        }
    }
}
