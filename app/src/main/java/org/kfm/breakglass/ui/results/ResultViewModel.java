package org.kfm.breakglass.ui.results;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.session.ViewedExtent;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.ResultListener;

/** One statement's result as it streams in: columns, rows (appended per batch), counts, timing or error. */
public final class ResultViewModel {
    /** Rows kept for display; beyond this they are counted, not held (the export goes through the engine's rows). */
    public static final int DISPLAY_LIMIT = 200_000;

    private final Statement statement;
    private final boolean explain;
    private final ObservableList<ColumnInfo> columns = FXCollections.observableArrayList();
    private final ObservableList<List<Object>> rows = FXCollections.observableArrayList();
    private final RowSelection selection = new RowSelection();
    private final RowTap tap = new RowTap();
    private final ReadOnlyObjectWrapper<RunState> state = new ReadOnlyObjectWrapper<>(this, "state", RunState.RUNNING);
    private final ReadOnlyLongWrapper rowCount = new ReadOnlyLongWrapper(this, "rowCount");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Running…");
    private final ReadOnlyObjectWrapper<QueryError> error = new ReadOnlyObjectWrapper<>(this, "error");
    private final ReadOnlyStringWrapper selectionNote = new ReadOnlyStringWrapper(this, "selectionNote", "");
    private volatile boolean cancelRequested;
    private long received;
    private double durationMs;
    private Consumer<ResultViewModel> onFinished = r -> {};
    private Consumer<String> requery;
    private java.util.function.Function<String, List<ViewedExtent>> mapViews = sql -> List.of();
    private MapSourceQuestion mapSource;

    /** Asks the session where a column of this result came from (audited statements; blocking, off the FX thread). */
    @FunctionalInterface
    public interface MapSourceQuestion {
        org.kfm.breakglass.session.MapSource ask(String sql, String column, int position) throws Exception;
    }

    public ResultViewModel(Statement statement, boolean explain) {
        this.statement = statement;
        this.explain = explain;
        selection.selected().addListener((javafx.collections.ListChangeListener<Integer>) c -> noteSelection());
    }

    /** A map click can select a row the grid did not keep: say so instead of selecting nothing silently. */
    private void noteSelection() {
        var beyond =
                selection.selected().stream().filter(row -> row >= rows.size()).toList();
        if (beyond.isEmpty()) {
            selectionNote.set("");
        } else {
            selectionNote.set(String.format(
                    Locale.ROOT,
                    "row #%,d of %,d — not in the grid (it keeps the first %,d rows)",
                    beyond.getFirst() + 1L,
                    Math.max(received, rowCount.get()),
                    rows.size()));
        }
    }

    public void onFinished(Consumer<ResultViewModel> handler) {
        this.onFinished = handler;
    }

    /** Who runs a statement derived from this one (the query tab, through the audited run); null: not offered. */
    public void onRequery(Consumer<String> runner) {
        this.requery = runner;
    }

    /** Where this result's map reports the extents it showed (ADR 0025); FX thread. */
    public void onMapViews(java.util.function.Function<String, List<ViewedExtent>> source) {
        this.mapViews = source;
    }

    /**
     * The extents this result's map showed since the last call (their union per column and SRID), for the console to
     * journal as {@code map.view} when the operator moves on; empty when no map was shown. FX thread.
     */
    public List<ViewedExtent> takeMapViews() {
        return mapViews.apply(statement.sql());
    }

    /** Who answers {@link #mapSource}: the query tab, through the session's audited read path. */
    public void onMapSource(MapSourceQuestion question) {
        this.mapSource = question;
    }

    /**
     * Where this result's column {@code column} came from (ADR 0025): asked once the operator's map needs it, as
     * statements of their own; blocking, call it off the FX thread.
     */
    public org.kfm.breakglass.session.MapSource mapSource(String column, int position) throws Exception {
        if (mapSource == null) {
            throw new IllegalStateException("this result has no session to ask where its columns came from");
        }
        return mapSource.ask(statement.sql(), column, position);
    }

    /** Whether {@link #requery} can run anything. */
    public boolean requeryOffered() {
        return requery != null;
    }

    /** Runs a statement derived from this result's (a map re-query) in a result of its own. */
    public void requery(String sql) {
        if (requery == null) {
            throw new IllegalStateException("this result has no runner for derived statements");
        }
        requery.accept(sql);
    }

    /**
     * The engine-facing listener; every callback is moved onto the UI thread. Row batches are not handed over one
     * task each: they wait in {@link RowInbox} and one UI task takes whatever has arrived, so a UI thread that is busy
     * (painting, or a loaded machine) gets one grid change per turn instead of a queue of a thousand, and rows beyond
     * the grid's cap are only counted.
     */
    public ResultListener listener(UiThread ui) {
        var inbox = new RowInbox(DISPLAY_LIMIT);
        return new ResultListener() {
            @Override
            public void columns(List<ColumnInfo> cols) {
                tap.columns(cols.stream().anyMatch(ColumnInfo::spatial));
                ui.run(() -> columns.setAll(cols));
            }

            @Override
            public void rows(List<List<Object>> batch) {
                var copy = List.copyOf(batch);
                // The row stream (the map) sees every row here, before the grid's cap applies in the inbox.
                tap.offer(copy);
                if (inbox.put(copy)) {
                    ui.run(() -> addRows(inbox));
                }
            }

            @Override
            public void done(long count, double ms) {
                tap.end();
                ui.run(() -> {
                    addRows(inbox);
                    finish(count, ms);
                });
            }

            @Override
            public void failed(String sqlstate, String message, int position) {
                tap.end();
                ui.run(() -> {
                    addRows(inbox);
                    fail(sqlstate, message, position);
                });
            }
        };
    }

    private void addRows(RowInbox inbox) {
        var arrived = inbox.take();
        if (state.get() != RunState.RUNNING || arrived.count() == received) {
            return;
        }
        received = arrived.count();
        if (!arrived.rows().isEmpty()) {
            rows.addAll(arrived.rows());
        }
        rowCount.set(received);
        summary.set(String.format(Locale.ROOT, "%,d rows so far…", received));
    }

    private void finish(long count, double ms) {
        if (state.get() != RunState.RUNNING) {
            return;
        }
        durationMs = ms;
        rowCount.set(columns.isEmpty() ? count : Math.max(count, received));
        state.set(RunState.DONE);
        String what = columns.isEmpty() ? "%,d rows affected" : "%,d rows";
        summary.set(String.format(Locale.ROOT, what + " · %s", rowCount.get(), formatMs(ms))
                + (rows.size() < rowCount.get() && !columns.isEmpty()
                        ? String.format(Locale.ROOT, " · first %,d shown", rows.size())
                        : ""));
        tap.abandonIfUnattached();
        onFinished.accept(this);
    }

    /** Fails without the engine (the run could not even start). */
    public void fail(String sqlstate, String message, int position) {
        if (state.get() != RunState.RUNNING) {
            return;
        }
        boolean cancelled = cancelRequested && QueryError.QUERY_CANCELED.equals(sqlstate);
        error.set(new QueryError(sqlstate, message, statement.editorOffset(position)));
        state.set(cancelled ? RunState.CANCELLED : RunState.FAILED);
        summary.set(cancelled ? "Cancelled" : "ERROR " + sqlstate + ": " + message);
        tap.end(); // a run that could not start never reached the listener
        tap.abandonIfUnattached();
        onFinished.accept(this);
    }

    public void markCancelRequested() {
        cancelRequested = true;
        if (state.get() == RunState.RUNNING) {
            summary.set("Cancelling…");
        }
    }

    static String formatMs(double ms) {
        return ms < 1000 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.2f s", ms / 1000);
    }

    /** A short tab title: EXPLAIN marker + the statement's first words. */
    public String title() {
        String oneLine = statement
                .sql()
                .replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("--[^\\n]*", " ")
                .replaceAll("\\s+", " ")
                .strip();
        String shortText = oneLine.length() > 28 ? oneLine.substring(0, 27) + "…" : oneLine;
        return (explain ? "EXPLAIN " : "") + shortText;
    }

    public Statement statement() {
        return statement;
    }

    public boolean explain() {
        return explain;
    }

    public double durationMs() {
        return durationMs;
    }

    private final ObservableList<ColumnInfo> columnsView = FXCollections.unmodifiableObservableList(columns);

    public ObservableList<ColumnInfo> columns() {
        return columnsView;
    }

    private final ObservableList<List<Object>> rowsView = FXCollections.unmodifiableObservableList(rows);

    public ObservableList<List<Object>> rows() {
        return rowsView;
    }

    public RowSelection selection() {
        return selection;
    }

    /**
     * Feeds {@code stream} every row of the result, whatever the grid keeps (FX thread; one stream per result). Rows
     * that arrived before the call are replayed first; see {@link RowStream#end} for a stream attached too late.
     */
    public void streamRows(RowStream stream) {
        tap.attach(stream, rows);
    }

    /** Rows received from the engine so far (the grid keeps at most {@link #DISPLAY_LIMIT} of them). */
    public long receivedRows() {
        return received;
    }

    public ReadOnlyObjectProperty<RunState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty rowCountProperty() {
        return rowCount.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Empty, or what the selection holds that the grid cannot show (a mapped row beyond the grid's cap). */
    public ReadOnlyStringProperty selectionNoteProperty() {
        return selectionNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<QueryError> errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when some column holds geometry (the spatial preview has something to draw). */
    public boolean hasSpatialColumn() {
        return columns.stream().anyMatch(ColumnInfo::spatial);
    }
}
