package org.kfm.breakglass.ui.console;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.results.ResultExport;
import org.kfm.breakglass.ui.results.ResultView;
import org.kfm.breakglass.ui.results.ResultViewModel;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/** One query tab: toolbar, SQL editor, result tabs. Keyboard: Ctrl+Enter, Ctrl+Shift+Enter, Ctrl+E, Esc. */
public final class QueryTabView extends BorderPane {
    static final KeyCombination RUN = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination RUN_SCRIPT =
            new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN);
    static final KeyCombination EXPLAIN = new KeyCodeCombination(KeyCode.E, KeyCombination.SHORTCUT_DOWN);
    static final KeyCombination CANCEL = new KeyCodeCombination(KeyCode.ESCAPE);

    private final QueryTabViewModel vm;
    private final SqlEditor editor = new SqlEditor();
    private final TabPane resultTabs = new TabPane();
    private final Map<ResultViewModel, Tab> tabs = new HashMap<>();

    public QueryTabView(QueryTabViewModel vm, ResultExport export, SpatialPreviewFactory spatial) {
        this.vm = vm;
        getStyleClass().add("query-tab");

        var run = button(
                "Run", "Run the statement at the cursor or the selection (Ctrl+Enter)", "run", e -> runAtCaret(false));
        run.getStyleClass().add("accent");
        var script = button(
                "Run script",
                "Run every statement in order (Ctrl+Shift+Enter)",
                "run-script",
                e -> vm.runScript(editor.area().getText()));
        var explain =
                button("Explain", "EXPLAIN the statement at the cursor (Ctrl+E)", "explain", e -> runAtCaret(true));
        for (var b : new Button[] {run, script, explain}) {
            b.disableProperty().bind(vm.canRunProperty().not());
        }
        var cancel = button("Cancel", "Cancel the running statement (Esc)", "cancel", e -> vm.cancel());
        cancel.getStyleClass().add("danger");
        cancel.disableProperty().bind(vm.canCancelProperty().not());

        var timeout = new ComboBox<Duration>();
        timeout.setId("timeout");
        timeout.getItems().setAll(QueryTabViewModel.TIMEOUTS);
        timeout.valueProperty().bindBidirectional(vm.timeoutProperty());
        timeout.setCellFactory(l -> new TimeoutCell());
        timeout.setButtonCell(new TimeoutCell());
        timeout.setTooltip(new Tooltip("Statement timeout for this tab"));
        timeout.disableProperty().bind(vm.sessionActiveProperty().not());
        var progress = new javafx.scene.control.ProgressIndicator();
        progress.setPrefSize(16, 16);
        progress.visibleProperty().bind(vm.runningProperty());
        var status = styled("", "status-line");
        status.setId("query-status");
        status.textProperty().bind(vm.statusProperty());
        status.setMinWidth(0);
        status.setPrefWidth(260);
        var timeoutLabel = new Label("Timeout");
        for (var n : new javafx.scene.control.Control[] {run, script, explain, cancel, timeoutLabel, timeout}) {
            n.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);
        status.setMaxWidth(Double.MAX_VALUE);
        var bar =
                new HBox(6, run, script, explain, cancel, FormParts.hspacer(), timeoutLabel, timeout, progress, status);
        bar.getStyleClass().add("toolbar-row");
        setTop(bar);

        editor.area().editableProperty().bind(vm.sessionActiveProperty());
        editor.disableProperty().bind(vm.sessionActiveProperty().not());
        vm.errorMarkProperty().addListener((o, a, err) -> editor.showError(err));

        resultTabs.setId("result-tabs");
        resultTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        vm.results().addListener((ListChangeListener<ResultViewModel>) c -> {
            while (c.next()) {
                for (var r : c.getAddedSubList()) {
                    var tab = new Tab(r.title(), new ResultView(r, export, spatial));
                    tab.setOnCloseRequest(e -> {
                        if (r.stateProperty().get() == org.kfm.breakglass.ui.results.RunState.RUNNING) e.consume();
                    });
                    tab.setOnClosed(e -> vm.closeResult(r));
                    tabs.put(r, tab);
                    resultTabs.getTabs().add(tab);
                    resultTabs.getSelectionModel().select(tab);
                }
                for (var r : c.getRemoved()) {
                    var tab = tabs.remove(r);
                    if (tab != null) resultTabs.getTabs().remove(tab);
                }
            }
        });
        // Keep at most 12 result tabs open: the oldest finished ones go first.
        resultTabs.getTabs().addListener((ListChangeListener<Tab>) c -> {
            if (resultTabs.getTabs().size() > 12) {
                tabs.entrySet().stream()
                        .filter(e -> e.getKey().stateProperty().get() != org.kfm.breakglass.ui.results.RunState.RUNNING)
                        .map(Map.Entry::getKey)
                        .findFirst()
                        .ifPresent(r -> javafx.application.Platform.runLater(() -> vm.closeResult(r)));
            }
        });
        var placeholder = styled(
                "Results appear here.\nCtrl+Enter runs the statement at the cursor · Ctrl+Shift+Enter the script"
                        + " · Ctrl+E explains · Esc cancels · Ctrl+T opens a tab",
                "field-hint");
        placeholder.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        var resultArea = new javafx.scene.layout.StackPane(placeholder, resultTabs);
        resultTabs.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(resultTabs.getTabs()));
        placeholder.visibleProperty().bind(resultTabs.visibleProperty().not());

        var split = new SplitPane(editor, resultArea);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.3);
        setCenter(split);

        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (RUN_SCRIPT.match(e)) {
                vm.runScript(editor.area().getText());
                e.consume();
            } else if (RUN.match(e)) {
                runAtCaret(false);
                e.consume();
            } else if (EXPLAIN.match(e)) {
                runAtCaret(true);
                e.consume();
            } else if (CANCEL.match(e) && vm.runningProperty().get()) {
                vm.cancel();
                e.consume();
            }
        });
    }

    private void runAtCaret(boolean explain) {
        var area = editor.area();
        var sel = area.getSelection();
        vm.runAtCaret(area.getText(), area.getCaretPosition(), sel.getStart(), sel.getEnd(), explain);
    }

    public SqlEditor editor() {
        return editor;
    }

    public QueryTabViewModel viewModel() {
        return vm;
    }

    private static Button button(
            String text, String tip, String id, javafx.event.EventHandler<javafx.event.ActionEvent> action) {
        var b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(action);
        b.setFocusTraversable(false);
        return b;
    }

    private static final class TimeoutCell extends ListCell<Duration> {
        @Override
        protected void updateItem(Duration d, boolean empty) {
            super.updateItem(d, empty);
            setText(empty || d == null ? null : d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s");
        }
    }
}
