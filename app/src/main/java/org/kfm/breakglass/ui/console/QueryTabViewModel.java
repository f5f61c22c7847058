package org.kfm.breakglass.ui.console;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.session.ViewedExtent;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.QueryRun;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.results.QueryError;
import org.kfm.breakglass.ui.results.ResultViewModel;
import org.kfm.breakglass.ui.results.RunState;
import org.kfm.breakglass.ui.results.Statement;

/**
 * One query tab: runs the statement at the caret, the selection or the whole script (one statement after another,
 * stopping at the first failure), each into its own result; cancel; per-tab statement timeout.
 */
public final class QueryTabViewModel {
    public static final List<Duration> TIMEOUTS = List.of(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15));

    private final SessionHandle handle;
    private final BackgroundWork work;
    private final UiThread ui;
    private final HistoryViewModel history;
    private final String title;

    private final ObservableList<ResultViewModel> results = FXCollections.observableArrayList();
    private final ObjectProperty<Duration> timeout =
            new SimpleObjectProperty<>(this, "timeout", Duration.ofSeconds(30));
    private final BooleanProperty sessionActive = new SimpleBooleanProperty(this, "sessionActive", true);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper canRun = new ReadOnlyBooleanWrapper(this, "canRun", true);
    private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper(this, "canCancel");
    private final ReadOnlyObjectWrapper<ResultViewModel> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ReadOnlyObjectWrapper<QueryError> errorMark = new ReadOnlyObjectWrapper<>(this, "errorMark");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    private final Deque<Statement> queue = new ArrayDeque<>();
    private boolean explainQueue;
    private QueryRun activeRun;
    private boolean cancelPending;

    public QueryTabViewModel(
            String title, SessionHandle handle, BackgroundWork work, UiThread ui, HistoryViewModel history) {
        this.title = title;
        this.handle = handle;
        this.work = work;
        this.ui = ui;
        this.history = history;
        running.addListener((o, a, b) -> update());
        sessionActive.addListener((o, a, active) -> {
            if (!active) {
                queue.clear();
                cancel();
            }
            update();
        });
        update();
    }

    private void update() {
        canRun.set(sessionActive.get() && !running.get());
        canCancel.set(sessionActive.get() && running.get());
    }

    /**
     * Ctrl+Enter / Ctrl+E: the selection when there is one (all its statements), otherwise the statement at the caret.
     */
    public void runAtCaret(String text, int caret, int selectionStart, int selectionEnd, boolean explain) {
        if (!canRun.get()) {
            return;
        }
        List<Statement> statements;
        if (selectionEnd > selectionStart) {
            int from = selectionStart;
            statements = StatementLocator.split(text.substring(selectionStart, selectionEnd)).stream()
                    .map(s -> new Statement(s.sql(), s.start() + from))
                    .toList();
        } else {
            Optional<Statement> one = StatementLocator.at(text, caret);
            statements = one.map(List::of).orElse(List.of());
        }
        start(statements, explain);
    }

    /**
     * Runs a statement the console wrote itself (a map re-query or reprojection) exactly as the editor runs one:
     * through the session's audited run, in a result tab of its own. Refused while another statement runs.
     */
    public void runGenerated(String sql) {
        if (canRun.get()) {
            start(List.of(Statement.generated(sql)), false);
        } else {
            status.set("Wait for the running statement to finish, then query the view again.");
        }
    }

    /** Ctrl+Shift+Enter: every statement in the editor, in order. */
    public void runScript(String text) {
        if (canRun.get()) {
            start(StatementLocator.split(text), false);
        }
    }

    private void start(List<Statement> statements, boolean explain) {
        if (statements.isEmpty()) {
            status.set("Nothing to run: the editor has no statement at the cursor.");
            return;
        }
        errorMark.set(null);
        queue.clear();
        queue.addAll(statements);
        explainQueue = explain;
        runNext();
    }

    private void runNext() {
        Statement next = queue.pollFirst();
        if (next == null || !sessionActive.get()) {
            running.set(false);
            return;
        }
        var result = new ResultViewModel(next, explainQueue);
        result.onFinished(this::finished);
        // The map's "Query this view" / "Reproject" run their statement like the editor's Run: same audited path.
        result.onRequery(this::runGenerated);
        result.onMapSource(handle::mapSource);
        results.add(result);
        current.set(result);
        running.set(true);
        cancelPending = false;
        activeRun = null;
        status.set("Running " + result.title());
        Duration limit = timeout.get();
        // What the operator looked at on the maps of earlier results is journaled before the next statement goes.
        List<ViewedExtent> views = results.stream()
                .filter(r -> r != result)
                .flatMap(r -> r.takeMapViews().stream())
                .toList();
        work.submit(
                "query",
                () -> {
                    for (ViewedExtent view : views) {
                        handle.recordMapView(view);
                    }
                    return handle.run(next.sql(), limit, explainQueue, result.listener(ui));
                },
                run -> {
                    if (result.stateProperty().get() == RunState.RUNNING) {
                        activeRun = run;
                        if (cancelPending) {
                            run.cancel();
                        }
                    }
                },
                failure -> result.fail("08000", Problems.describe(failure), 0));
    }

    private void finished(ResultViewModel result) {
        activeRun = null;
        status.set(result.summaryProperty().get());
        history.record(
                result.statement().sql(),
                switch (result.stateProperty().get()) {
                    case DONE -> result.summaryProperty().get();
                    case CANCELLED -> "cancelled";
                    case FAILED -> "ERROR " + result.errorProperty().get().sqlstate();
                    case RUNNING -> "";
                });
        if (result.stateProperty().get() == RunState.FAILED) {
            errorMark.set(result.errorProperty().get());
            int skipped = queue.size();
            queue.clear();
            if (skipped > 0) {
                status.set(result.summaryProperty().get() + " — " + skipped + " later statement(s) not run.");
            }
        } else if (result.stateProperty().get() == RunState.CANCELLED) {
            queue.clear();
        }
        runNext();
    }

    /** Esc / Cancel: cancels the running statement and drops the rest of a script. */
    public void cancel() {
        var result = current.get();
        if (!running.get() || result == null) {
            return;
        }
        queue.clear();
        result.markCancelRequested();
        cancelPending = true;
        QueryRun run = activeRun;
        if (run != null) {
            work.submit(
                    "query-cancel",
                    () -> {
                        run.cancel();
                        return true;
                    },
                    ok -> {},
                    failure -> status.set("Cancel failed: " + Problems.describe(failure)));
        }
    }

    public void closeResult(ResultViewModel result) {
        if (result.stateProperty().get() != RunState.RUNNING) {
            results.remove(result);
            List<ViewedExtent> views = result.takeMapViews();
            if (!views.isEmpty()) {
                work.submit(
                        "map-view",
                        () -> {
                            for (ViewedExtent view : views) {
                                handle.recordMapView(view);
                            }
                            return true;
                        },
                        ok -> {},
                        failure -> status.set("Could not journal the map view: " + Problems.describe(failure)));
            }
        }
    }

    /** What the maps of this tab's results showed and is not journaled yet (FX thread); see {@link OpenMaps}. */
    public List<ViewedExtent> takeMapViews() {
        return results.stream().flatMap(r -> r.takeMapViews().stream()).toList();
    }

    public String title() {
        return title;
    }

    public HistoryViewModel history() {
        return history;
    }

    private final ObservableList<ResultViewModel> resultsView = FXCollections.unmodifiableObservableList(results);

    public ObservableList<ResultViewModel> results() {
        return resultsView;
    }

    public ObjectProperty<Duration> timeoutProperty() {
        return timeout;
    }

    public BooleanProperty sessionActiveProperty() {
        return sessionActive;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canRunProperty() {
        return canRun.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canCancelProperty() {
        return canCancel.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ResultViewModel> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<QueryError> errorMarkProperty() {
        return errorMark.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
