package org.kfm.breakglass.ui.spatial;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.spatial.LayerCounts;
import org.kfm.breakglass.spatial.RenderPlan;
import org.kfm.breakglass.spatial.RenderPlanner;
import org.kfm.breakglass.spatial.SpatialLayer;
import org.kfm.breakglass.spatial.SridCount;
import org.kfm.breakglass.spatial.Viewport;
import org.kfm.breakglass.ui.BackgroundWork;

/**
 * State and commands of the spatial preview beside a result table. All methods run on the FX thread except
 * {@link #append}, which the result streamer may call from any thread. Decoding, plan building and hit tests run
 * through {@link BackgroundWork}; only the finished plan reaches the FX thread.
 */
public final class SpatialPreviewViewModel {
    /** A click this close (in pixels) to a shape selects it. */
    static final double CLICK_TOLERANCE_PX = 5;

    private static final double FIT_MARGIN_PX = 24;
    /** Rows decoded per background step; small enough for a first frame well under half a second. */
    static final int DECODE_CHUNK = 10_000;

    static final int FIRST_DECODE_CHUNK = 2_000;
    /** A background decode step reports (and the map re-plans) at most this often while rows keep coming. */
    private static final long REPORT_EVERY_NS = 250_000_000L;

    private final BackgroundWork work;
    private final Map<String, SpatialLayer> layers = new ConcurrentHashMap<>();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObjectProperty<String> selectedColumn = new SimpleObjectProperty<>(this, "selectedColumn");
    private final ObservableList<SridCount> sridChoices = FXCollections.observableArrayList();
    private final ObjectProperty<Integer> selectedSrid = new SimpleObjectProperty<>(this, "selectedSrid");
    private final ReadOnlyObjectWrapper<RenderPlan> plan = new ReadOnlyObjectWrapper<>(this, "plan");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No geometry column");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyIntegerWrapper colourIndex = new ReadOnlyIntegerWrapper(this, "colourIndex");
    private final ReadOnlyStringWrapper basemapNote = new ReadOnlyStringWrapper(this, "basemapNote", "");
    private final ReadOnlyBooleanWrapper reprojectionOffered = new ReadOnlyBooleanWrapper(this, "reprojectionOffered");
    private final AtomicLong queuedRows = new AtomicLong();
    private final Queue<Chunk> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean decoding = new AtomicBoolean();
    /** True from {@link #beginResult} until the streamer says the result is complete: M may still grow. */
    private volatile boolean streaming;
    /** Set when the map was attached after the result's rows were gone: it holds only the grid's rows. */
    private volatile boolean incomplete;

    private long expectedRows = -1;
    private long decodedRows;
    private int runningDecodes;
    private double widthPx = 1;
    private double heightPx = 1;
    private Viewport viewport;
    private boolean viewChosenByUser;
    private boolean sridChosenByUser;
    private Set<Integer> highlighted = Set.of();
    private boolean planRunning;
    /** While the operator drags or scrolls, the view shows the last frame transformed; plans wait for the end. */
    private boolean interacting;

    private final ReadOnlyObjectWrapper<Viewport> liveViewport = new ReadOnlyObjectWrapper<>(this, "liveViewport");
    private boolean planPending;
    private IntConsumer onRowSelected = row -> {};
    private BiConsumer<String, Integer> onReprojectRequested = (column, srid) -> {};
    private ViewQueryRequest onViewQueryRequested;
    private final ReadOnlyBooleanWrapper viewQueryOffered = new ReadOnlyBooleanWrapper(this, "viewQueryOffered");
    /** Why "Query this view" is disabled (not one table's column, or not known yet); empty when it may run. */
    private final ReadOnlyStringWrapper viewQueryRefusal =
            new ReadOnlyStringWrapper(this, "viewQueryRefusal", "Checking where the column came from…");
    /** The toolbar's warning when no GiST index serves the box on the column; empty otherwise. */
    private final ReadOnlyStringWrapper gistWarning = new ReadOnlyStringWrapper(this, "gistWarning", "");

    private final java.util.Map<String, org.kfm.breakglass.session.MapSource> sources =
            new java.util.concurrent.ConcurrentHashMap<>();
    private ViewedExtents viewed = new ViewedExtents();
    /** The last plan's drawing, continued by the next plan of the same view (plans run one at a time). */
    private final RenderPlanner.Carry carry = new RenderPlanner.Carry();

    /** Receives "Query this view": the column, its SRID and the world box of the view. */
    @FunctionalInterface
    public interface ViewQueryRequest {
        void query(String column, int srid, Viewport view);
    }

    public SpatialPreviewViewModel(BackgroundWork work) {
        this.work = work;
        selectedColumn.addListener((obs, old, now) -> {
            colourIndex.set(Math.max(columns.indexOf(now), 0));
            sridChosenByUser = false;
            viewChosenByUser = false;
            viewport = null;
            refreshSrids();
            refreshViewQuery();
            requestPlan();
        });
        selectedSrid.addListener((obs, old, now) -> {
            viewChosenByUser = false;
            viewport = null;
            requestPlan();
        });
    }

    // ---- the result streamer's side -------------------------------------------------------------------------

    /** Starts a new result with these geometry/geography columns; {@code expectedRows} may be -1 when unknown. */
    public void beginResult(List<String> geometryColumns, long expectedRows) {
        pending.clear();
        layers.clear();
        geometryColumns.forEach(c -> layers.put(c, new SpatialLayer(c)));
        this.expectedRows = expectedRows;
        streaming = !geometryColumns.isEmpty();
        incomplete = false;
        decodedRows = 0;
        viewed = new ViewedExtents();
        queuedRows.set(0);
        highlighted = Set.of();
        viewport = null;
        viewChosenByUser = false;
        sridChosenByUser = false;
        plan.set(null);
        busy.set(!geometryColumns.isEmpty() && expectedRows != 0);
        progress.set(expectedRows > 0 ? 0 : -1);
        columns.setAll(geometryColumns);
        selectedColumn.set(geometryColumns.isEmpty() ? null : geometryColumns.getFirst());
        updateStatus();
    }

    /**
     * Adds streamed rows of one column; callable from any thread. Rows are decoded in the background in chunks,
     * one chunk at a time, and the map is redrawn after each, so the first shapes appear quickly and progress shows.
     */
    public void append(String column, List<GeometryRow> batch) {
        SpatialLayer layer = layers.get(column);
        if (layer == null) {
            throw new IllegalArgumentException(
                    "Column '" + column + "' was not announced with beginResult(" + layers.keySet() + ")");
        }
        int from = 0;
        while (from < batch.size()) {
            // The very first chunk is small so the first frame comes fast even for heavy polygons.
            int size = queuedRows.get() == 0 ? FIRST_DECODE_CHUNK : DECODE_CHUNK;
            List<GeometryRow> rows = List.copyOf(batch.subList(from, Math.min(from + size, batch.size())));
            queuedRows.addAndGet(rows.size());
            pending.add(new Chunk(layer, rows));
            from += rows.size();
        }
        decodeNext();
    }

    /** The column has no more rows: its arrays are trimmed to size after its last rows are decoded. */
    public void complete(String column) {
        SpatialLayer layer = layers.get(column);
        if (layer != null) {
            streaming = false;
            pending.add(new Chunk(layer, null));
            decodeNext();
        }
    }

    /** The map received only the grid's rows of this result (it was attached after the rest had gone). */
    public void markIncomplete() {
        incomplete = true;
    }

    /** Convenience for a fully fetched result: one column, all rows. */
    public void show(String column, List<GeometryRow> rows) {
        beginResult(List.of(column), rows.size());
        append(column, rows);
        complete(column);
    }

    /**
     * One background task decodes queued chunks until the queue is empty or {@link #REPORT_EVERY_NS} has passed,
     * then reports once to the FX thread: decoding does not wait for a UI round trip (and a plan) per chunk, which
     * kept a fast stream's last row seconds ahead of the final frame. The very first chunk is reported alone so the
     * first frame comes quickly.
     */
    private void decodeNext() {
        if (!decoding.compareAndSet(false, true)) {
            return;
        }
        Chunk first = pending.peek();
        if (first == null) {
            decoding.set(false);
            if (!pending.isEmpty()) {
                decodeNext(); // a chunk arrived between peek() and set(false)
            }
            return;
        }
        boolean alone = decodedRows == 0;
        String column = first.layer().column();
        work.submit(
                (first.rows() == null ? "spatial-seal-" : "spatial-decode-") + column,
                () -> {
                    long deadline = System.nanoTime() + REPORT_EVERY_NS;
                    var decoded = new java.util.LinkedHashMap<SpatialLayer, Integer>();
                    var sealed = new java.util.ArrayList<SpatialLayer>();
                    Chunk chunk;
                    while ((chunk = pending.poll()) != null) {
                        if (chunk.rows() == null) {
                            chunk.layer().seal();
                            sealed.add(chunk.layer());
                        } else {
                            chunk.layer().append(chunk.rows());
                            decoded.merge(chunk.layer(), chunk.rows().size(), Integer::sum);
                        }
                        if (alone || System.nanoTime() > deadline) {
                            break;
                        }
                    }
                    return new Decoded(decoded, sealed);
                },
                done -> {
                    decoding.set(false);
                    done.rows().forEach(this::onDecoded);
                    for (SpatialLayer layer : done.sealed()) {
                        if (layers.get(layer.column()) == layer) {
                            busy.set(queuedRows.get() > decodedRows);
                            // The last rows were drawn (or are being planned) while M could still grow; the status
                            // line now says it no longer does. Sealing changes nothing drawn, so no second plan and
                            // frame of the same picture follow the final one (ADR 0031).
                            if (plan.get() == null && !planRunning) {
                                requestPlan();
                            } else {
                                updateStatus();
                            }
                        }
                    }
                    decodeNext();
                },
                failure -> {
                    decoding.set(false);
                    status.set("Could not decode geometries of " + column + ": " + failure.getMessage());
                    decodeNext();
                });
    }

    /** What one background decode step did: rows decoded per layer, layers sealed. */
    private record Decoded(java.util.Map<SpatialLayer, Integer> rows, List<SpatialLayer> sealed) {}

    private void onDecoded(SpatialLayer layer, int decoded) {
        if (layers.get(layer.column()) != layer) {
            return; // a chunk of a previous result
        }
        decodedRows += decoded;
        busy.set(queuedRows.get() > decodedRows);
        progress.set(expectedRows > 0 ? Math.min(1, (double) decodedRows / expectedRows) : -1);
        if (layer.column().equals(selectedColumn.get())) {
            refreshSrids();
            if (!viewChosenByUser) {
                viewport = refit(layer); // keep fitting the growing extent until the user takes over
            }
            requestPlan();
        }
        updateStatus();
    }

    /**
     * The fit of the grown extent, or the current view when that fit is within a pixel of it: a new extreme point a
     * fraction of a pixel out still shows (the cull slack draws it at the edge), and keeping the viewport lets the
     * next plan go on from the last one instead of drawing the whole layer again (ADR 0025).
     */
    private Viewport refit(SpatialLayer layer) {
        Integer srid = selectedSrid.get();
        if (viewport == null || srid == null) {
            return null;
        }
        Viewport fit = layer.fit(srid, widthPx, heightPx, FIT_MARGIN_PX);
        boolean withinAPixel = Math.abs(fit.worldMinX() - viewport.worldMinX()) * fit.scale() < 1
                && Math.abs(fit.worldMinY() - viewport.worldMinY()) * fit.scale() < 1
                && Math.abs(fit.worldMaxX() - viewport.worldMaxX()) * fit.scale() < 1
                && Math.abs(fit.worldMaxY() - viewport.worldMaxY()) * fit.scale() < 1;
        return withinAPixel && fit.widthPx() == viewport.widthPx() && fit.heightPx() == viewport.heightPx()
                ? viewport
                : fit;
    }

    // ---- the view's side ------------------------------------------------------------------------------------

    public void resize(double width, double height) {
        if (width <= 0 || height <= 0 || (width == widthPx && height == heightPx)) {
            return;
        }
        widthPx = width;
        heightPx = height;
        // Until the operator pans or zooms, the map keeps showing the whole extent at any size.
        viewport = viewport == null || !viewChosenByUser ? null : viewport.resize(width, height);
        requestPlan();
    }

    public void panBy(double dxPx, double dyPx) {
        if (viewport != null) {
            moveTo(viewport.panBy(dxPx, dyPx));
        }
    }

    /** Zooms by {@code factor} (&gt;1 = in) around the pixel under the cursor. */
    public void zoomAt(double xPx, double yPx, double factor) {
        if (viewport != null) {
            moveTo(viewport.zoomAround(xPx, yPx, factor));
        }
    }

    private void moveTo(Viewport next) {
        viewport = next;
        viewChosenByUser = true;
        liveViewport.set(next);
        String column = selectedColumn.get();
        Integer srid = selectedSrid.get();
        if (column != null && srid != null) {
            viewed.shown(column, srid, next);
        }
        if (!interacting) {
            requestPlan();
        }
    }

    /**
     * The operator started dragging or scrolling: until {@link #endInteraction}, pan and zoom only move the view
     * ({@link #liveViewportProperty}) and the view draws its cached frame transformed; planning 1M points per mouse
     * event would not keep 60 frames a second (ADR 0019, QGIS's approach).
     */
    public void beginInteraction() {
        interacting = true;
    }

    /** The drag or scroll ended: plan the view it left. */
    public void endInteraction() {
        if (interacting) {
            interacting = false;
            requestPlan();
        }
    }

    public boolean interacting() {
        return interacting;
    }

    /** The view as the operator moves it, ahead of the plan that will be drawn for it. */
    public ReadOnlyObjectProperty<Viewport> liveViewportProperty() {
        return liveViewport.getReadOnlyProperty();
    }

    public void zoomToExtent() {
        viewChosenByUser = false;
        viewport = null;
        requestPlan();
    }

    /** Selects the topmost shape under the pixel, if any, through the row-selected callback. */
    public void clickAt(double xPx, double yPx) {
        SpatialLayer layer = currentLayer();
        Viewport vp = viewport;
        Integer srid = selectedSrid.get();
        if (layer == null || vp == null || srid == null) {
            return;
        }
        double wx = vp.worldX(xPx);
        double wy = vp.worldY(yPx);
        work.submit(
                "spatial-hit-test",
                () -> layer.rowsAt(srid, wx, wy, CLICK_TOLERANCE_PX / vp.scale()),
                rows -> {
                    if (!rows.isEmpty()) {
                        onRowSelected.accept(rows.getFirst());
                    }
                },
                failure -> status.set("Hit test failed: " + failure.getMessage()));
    }

    /** Draws these rows highlighted (the table's selection). */
    public void highlightRows(Collection<Integer> rows) {
        highlighted = Set.copyOf(rows);
        requestPlan();
    }

    public void selectSrid(int srid) {
        sridChosenByUser = true;
        selectedSrid.set(srid);
    }

    /** Asks the lead's wiring to re-query the column with ST_Transform(…, 4326). */
    public void requestReprojection() {
        String column = selectedColumn.get();
        Integer srid = selectedSrid.get();
        if (column != null && srid != null) {
            onReprojectRequested.accept(column, srid);
        }
    }

    /**
     * The extents this result's map showed since the last call, per column and SRID (their union), for
     * {@code map.view}; FX thread.
     */
    public List<org.kfm.breakglass.session.ViewedExtent> takeViewedExtents(String sql) {
        return viewed.takeNew(sql);
    }

    /** "Query this view": asks the wiring to run the statement again restricted to the box on screen. */
    public void requestViewQuery() {
        String column = selectedColumn.get();
        Integer srid = selectedSrid.get();
        Viewport vp = viewport;
        if (column != null
                && srid != null
                && vp != null
                && onViewQueryRequested != null
                && viewQueryRefusal.get().isEmpty()) {
            onViewQueryRequested.query(column, srid, vp);
        }
    }

    /** Where a geometry column came from, as the session answered (FX thread): enables or explains the re-query. */
    public void setMapSource(org.kfm.breakglass.session.MapSource source) {
        sources.put(source.column(), source);
        refreshViewQuery();
    }

    /** The session could not say where the column came from: the re-query stays disabled and says why. */
    public void mapSourceUnknown(String column, String why) {
        sources.put(column, new org.kfm.breakglass.session.MapSource(column, null, null, false, why));
        refreshViewQuery();
    }

    /** The selected column's source; null while the session has not answered. */
    public org.kfm.breakglass.session.MapSource mapSource() {
        String column = selectedColumn.get();
        return column == null ? null : sources.get(column);
    }

    private void refreshViewQuery() {
        var source = mapSource();
        if (source == null) {
            viewQueryRefusal.set("Checking where the column came from…");
            gistWarning.set("");
        } else {
            viewQueryRefusal.set(source.fromOneTable() ? "" : "Query this view needs one table: " + source.refusal());
            gistWarning.set(source.gistWarning().isEmpty() ? "" : "Warning: " + source.gistWarning());
        }
    }

    public ReadOnlyStringProperty viewQueryRefusalProperty() {
        return viewQueryRefusal.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty gistWarningProperty() {
        return gistWarning.getReadOnlyProperty();
    }

    public void setOnViewQueryRequested(ViewQueryRequest callback) {
        onViewQueryRequested = callback;
        viewQueryOffered.set(callback != null);
    }

    public ReadOnlyBooleanProperty viewQueryOfferedProperty() {
        return viewQueryOffered.getReadOnlyProperty();
    }

    public void setOnRowSelected(IntConsumer callback) {
        onRowSelected = callback == null ? row -> {} : callback;
    }

    public void setOnReprojectRequested(BiConsumer<String, Integer> callback) {
        onReprojectRequested = callback == null ? (c, s) -> {} : callback;
        reprojectionOffered.set(callback != null);
    }

    // ---- planning -------------------------------------------------------------------------------------------

    private SpatialLayer currentLayer() {
        String column = selectedColumn.get();
        return column == null ? null : layers.get(column);
    }

    private void refreshSrids() {
        SpatialLayer layer = currentLayer();
        List<SridCount> srids = layer == null ? List.of() : layer.counts().srids();
        if (!srids.equals(sridChoices)) {
            sridChoices.setAll(srids);
        }
        if (srids.isEmpty()) {
            return;
        }
        boolean known = srids.stream().anyMatch(s -> selectedSrid.get() != null && s.srid() == selectedSrid.get());
        if (!sridChosenByUser || !known) {
            Integer dominant = srids.getFirst().srid();
            if (!dominant.equals(selectedSrid.get())) {
                selectedSrid.set(dominant);
            }
        }
    }

    /** Plans run one at a time; requests arriving meanwhile collapse into one more run with the latest state. */
    private void requestPlan() {
        if (planRunning) {
            planPending = true;
            return;
        }
        SpatialLayer layer = currentLayer();
        Integer srid = selectedSrid.get();
        if (layer == null || srid == null) {
            plan.set(null);
            updateStatus();
            return;
        }
        if (viewport == null) {
            viewport = layer.fit(srid, widthPx, heightPx, FIT_MARGIN_PX);
        }
        Viewport vp = viewport;
        liveViewport.set(vp);
        Set<Integer> rows = highlighted;
        planRunning = true;
        planPending = false;
        work.submit(
                "spatial-plan",
                () -> RenderPlanner.plan(layer, vp, srid, rows, carry),
                finished -> {
                    planRunning = false;
                    basemapNote.set(basemapNote(finished.srid(), layer.column()));
                    viewed.shown(layer.column(), finished.srid(), finished.viewport());
                    plan.set(finished);
                    updateStatus();
                    if (planPending) {
                        requestPlan();
                    }
                },
                failure -> {
                    planRunning = false;
                    status.set("Could not draw " + layer.column() + ": " + failure.getMessage());
                });
    }

    private void updateStatus() {
        RenderPlan current = plan.get();
        String text;
        if (current != null) {
            text = current.counts().statusLine(streaming)
                    + (current.dense()
                            ? String.format(
                                    " · drawn as density, up to %,d per pixel",
                                    current.density().max())
                            : "")
                    + (incomplete
                            ? " · the map holds only the grid's rows of this result: run it again to draw all"
                            : "");
        } else if (columns.isEmpty()) {
            text = "No geometry column";
        } else {
            LayerCounts counts = currentLayer() == null ? null : currentLayer().counts();
            text = counts == null || counts.total() == 0 ? "No geometries" : counts.total() + " geometries";
        }
        if (busy.get()) {
            text = String.format(
                            "Decoding… %,d%s rows · ",
                            decodedRows, expectedRows > 0 ? String.format(" of %,d", expectedRows) : "")
                    + text;
        }
        status.set(text);
    }

    /** Rows to decode ({@code rows} null = build the layer's index). */
    private record Chunk(SpatialLayer layer, List<GeometryRow> rows) {}

    // ---- properties -----------------------------------------------------------------------------------------

    public ObservableList<String> columns() {
        return FXCollections.unmodifiableObservableList(columns);
    }

    public ObjectProperty<String> selectedColumnProperty() {
        return selectedColumn;
    }

    public ObservableList<SridCount> sridChoices() {
        return FXCollections.unmodifiableObservableList(sridChoices);
    }

    public ReadOnlyObjectProperty<Integer> selectedSridProperty() {
        return selectedSrid;
    }

    public ReadOnlyObjectProperty<RenderPlan> planProperty() {
        return plan.getReadOnlyProperty();
    }

    public RenderPlan getPlan() {
        return plan.get();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public String getStatus() {
        return status.get();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** Decoding progress 0..1, or -1 when the row count is not known. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** Index of the shown column among the result's geometry columns, for its colour. */
    public ReadOnlyIntegerProperty colourIndexProperty() {
        return colourIndex.getReadOnlyProperty();
    }

    /** Empty when the land basemap is drawn; otherwise why not and what to do (ST_Transform in the database). */
    public ReadOnlyStringProperty basemapNoteProperty() {
        return basemapNote.getReadOnlyProperty();
    }

    static String basemapNote(int srid, String column) {
        if (org.kfm.breakglass.spatial.Basemap.covers(srid)) {
            return "";
        }
        if (srid == 0) {
            return "No basemap: these geometries have no SRID. Set it and reproject in the database "
                    + "(ST_Transform(ST_SetSRID(" + column + ", <srid>), 4326)) to see them over land";
        }
        return "No basemap for SRID " + srid + ": reproject in the database (ST_Transform(" + column
                + ", 4326)) to see the data over land";
    }

    /** Whether someone listens for {@link #requestReprojection()} (no button without a listener). */
    public ReadOnlyBooleanProperty reprojectionOfferedProperty() {
        return reprojectionOffered.getReadOnlyProperty();
    }

    /** The current view (null before the first plan). */
    public Viewport viewport() {
        return viewport;
    }
}
