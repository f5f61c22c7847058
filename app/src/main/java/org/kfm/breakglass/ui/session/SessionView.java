package org.kfm.breakglass.ui.session;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.util.function.Supplier;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.audit.AuditView;
import org.kfm.breakglass.ui.console.HistoryView;
import org.kfm.breakglass.ui.console.HistoryViewModel;
import org.kfm.breakglass.ui.console.QueryTabView;
import org.kfm.breakglass.ui.console.QueryTabViewModel;
import org.kfm.breakglass.ui.endpoint.ClientEndpointWindow;
import org.kfm.breakglass.ui.results.ResultExport;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;
import org.kfm.breakglass.ui.schema.SchemaView;
import org.kfm.breakglass.ui.schema.SchemaViewModel;

/** The session window: banner, end notice, side panels (schema, history, audit) and the query tabs. */
public final class SessionView extends BorderPane {
    private static final KeyCombination NEW_TAB = new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN);

    /** What the session window is made of; built by the console window. */
    public record Parts(
            SessionViewModel session,
            SchemaViewModel schema,
            HistoryViewModel history,
            Supplier<QueryTabViewModel> newQueryTab,
            ResultExport export,
            SpatialPreviewFactory spatial) {}

    private final Parts parts;
    private final TabPane queryTabs = new TabPane();
    private javafx.stage.Stage clientsWindow;

    public SessionView(Parts parts, Node themeToggle) {
        this.parts = parts;
        var vm = parts.session();
        setId("session-view");

        var smoke = new Button("Smoke checks");
        smoke.setId("smoke");
        smoke.disableProperty().bind(vm.activeProperty().not().or(vm.busyProperty()));
        smoke.setOnAction(e -> vm.runSmoke());
        var elevate = new Button("Elevate…");
        elevate.setId("elevate");
        elevate.getStyleClass().addAll("danger", "button-outlined");
        elevate.visibleProperty().bind(vm.canElevateProperty());
        elevate.managedProperty().bind(elevate.visibleProperty());
        elevate.setOnAction(e -> vm.elevate());
        var connect = new Button("Connect a client…");
        connect.setId("connect-client");
        connect.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        connect.disableProperty().bind(vm.activeProperty().not());
        connect.setOnAction(e -> showClientsWindow());
        var close = new Button("Close session");
        close.setId("close-session");
        close.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        close.getStyleClass().addAll("danger", "button-outlined");
        close.disableProperty().bind(vm.activeProperty().not().or(vm.busyProperty()));
        close.setOnAction(e -> vm.close());
        var busy = new javafx.scene.control.ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        var banner = new BannerView(vm.banner(), busy, smoke, connect, elevate, themeToggle, close);

        var endText = styled("", "");
        endText.setId("end-message");
        endText.textProperty().bind(vm.endMessageProperty());
        endText.setWrapText(true);
        var leave = new Button("New session…");
        leave.setId("new-session");
        leave.setOnAction(e -> vm.leave());
        var saveEvidence = new Button("Save evidence pack…");
        saveEvidence.setId("save-evidence");
        saveEvidence.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        leave.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        saveEvidence.disableProperty().bind(vm.busyProperty());
        saveEvidence.setOnAction(e -> vm.saveEvidence());
        var evidence = styled("", "field-hint");
        evidence.setId("evidence-result");
        evidence.setWrapText(true);
        evidence.textProperty().bind(vm.evidenceProperty());
        evidence.visibleProperty().bind(vm.evidenceProperty().isNotEmpty());
        evidence.managedProperty().bind(evidence.visibleProperty());
        var endTexts = new VBox(4, endText, evidence);
        HBox.setHgrow(endTexts, javafx.scene.layout.Priority.ALWAYS);
        var ended = new HBox(12, endTexts, FormParts.hspacer(), saveEvidence, leave);
        ended.getStyleClass().add("ended-bar");
        ended.visibleProperty().bind(vm.activeProperty().not());
        ended.managedProperty().bind(ended.visibleProperty());

        var statusText = styled("", "");
        statusText.setId("session-status");
        statusText.textProperty().bind(vm.statusProperty());
        var notice = new HBox(statusText);
        notice.getStyleClass().add("notice-bar");
        notice.visibleProperty().bind(vm.statusProperty().isNotEmpty().and(vm.activeProperty()));
        notice.managedProperty().bind(notice.visibleProperty());
        setTop(new VBox(banner, ended, notice));

        var side = new TabPane(
                new Tab("Schema", new SchemaView(parts.schema(), this::insertIntoEditor)),
                new Tab("History", new HistoryView(parts.history(), this::loadIntoEditor)),
                new Tab("Audit", new AuditView(vm.audit())));
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.setMinWidth(240);
        side.setPrefWidth(320);

        queryTabs.setId("query-tabs");
        queryTabs.setTabClosingPolicy(TabPane.TabClosingPolicy.ALL_TABS);
        var plus = new Button("+ New tab");
        plus.getStyleClass().addAll("small", "flat");
        plus.setOnAction(e -> addQueryTab());
        plus.disableProperty().bind(vm.activeProperty().not());
        // The button sits in the empty right end of the tab header row instead of taking a row of its own.
        var work = new javafx.scene.layout.StackPane(queryTabs, plus);
        javafx.scene.layout.StackPane.setAlignment(plus, Pos.TOP_RIGHT);
        javafx.scene.layout.StackPane.setMargin(plus, new Insets(4, 8, 0, 0));
        addQueryTab();

        var split = new SplitPane(side, work);
        split.setDividerPositions(0.24);
        SplitPane.setResizableWithParent(side, false);
        setCenter(split);

        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (NEW_TAB.match(e) && vm.activeProperty().get()) {
                addQueryTab();
                e.consume();
            }
        });
        parts.schema().refresh();
        parts.history().load();
    }

    /** One "Connect a client…" window per session: a second click brings it back to the front. */
    private void showClientsWindow() {
        if (clientsWindow == null) {
            clientsWindow = ClientEndpointWindow.show(
                    getScene().getWindow(), parts.session().clientEndpoint());
        } else {
            clientsWindow.show();
            clientsWindow.toFront();
        }
    }

    private void addQueryTab() {
        var tabVm = parts.newQueryTab().get();
        tabVm.sessionActiveProperty().bind(parts.session().activeProperty());
        var view = new QueryTabView(tabVm, parts.export(), parts.spatial());
        var tab = new Tab(tabVm.title(), view);
        tab.setOnCloseRequest(e -> {
            if (queryTabs.getTabs().size() == 1 || tabVm.runningProperty().get()) e.consume();
        });
        queryTabs.getTabs().add(tab);
        queryTabs.getSelectionModel().select(tab);
        javafx.application.Platform.runLater(() -> view.editor().area().requestFocus());
    }

    private QueryTabView currentTab() {
        var tab = queryTabs.getSelectionModel().getSelectedItem();
        return tab == null ? null : (QueryTabView) tab.getContent();
    }

    private void insertIntoEditor(String text) {
        var tab = currentTab();
        if (tab != null && parts.session().activeProperty().get()) {
            tab.editor().area().insertText(tab.editor().area().getCaretPosition(), text);
            tab.editor().area().requestFocus();
        }
    }

    private void loadIntoEditor(String sql) {
        var tab = currentTab();
        if (tab != null && parts.session().activeProperty().get()) {
            tab.editor().setText(sql);
            tab.editor().area().requestFocus();
        }
    }
}
