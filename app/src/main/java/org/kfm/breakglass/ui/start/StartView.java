package org.kfm.breakglass.ui.start;

import static org.kfm.breakglass.ui.FormParts.fieldRow;
import static org.kfm.breakglass.ui.FormParts.message;
import static org.kfm.breakglass.ui.FormParts.styled;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.state.RecentTargets;

/** The start screen: context, namespace, target, database, recent targets; the demo-cluster offer. */
public final class StartView extends StackPane {

    public StartView(StartViewModel vm, javafx.scene.Node themeToggle) {
        getStyleClass().add("page");
        setId("start-view");

        var title = styled("Open a break-glass session", "screen-title");
        var subtitle = styled(
                "Audited, time-boxed access to a PostGIS database in Kubernetes. Read-only unless elevated.",
                "screen-subtitle");
        subtitle.setWrapText(true);

        var contextBox = new ComboBox<ContextChoice>(vm.contexts());
        contextBox.setId("context");
        contextBox.valueProperty().bindBidirectional(vm.contextProperty());
        contextBox.setCellFactory(l -> new ContextCell());
        contextBox.setButtonCell(new ContextCell());
        contextBox.setMaxWidth(Double.MAX_VALUE);
        var contextHint = styled("", "field-hint");
        contextHint.textProperty().bind(vm.contextHint());
        vm.contextProperty().addListener((o, a, c) -> {
            contextHint.getStyleClass().remove("warning");
            if (c != null && c.insecureTls()) contextHint.getStyleClass().add("warning");
        });

        var namespace = field("namespace", vm.namespaceProperty(), "required, e.g. gis-prod");
        var target = field("target", vm.targetProperty(), StartViewModel.DEFAULT_TARGET);
        var database = field("database", vm.databaseProperty(), "optional");

        var form = new GridPane();
        form.setHgap(12);
        form.setVgap(4);
        var labels = new ColumnConstraints();
        labels.setMinWidth(100);
        var inputs = new ColumnConstraints();
        inputs.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(labels, inputs);
        int row = 0;
        row = fieldRow(form, row, "_Context", contextBox, contextHint, 6);
        row = fieldRow(form, row, "_Namespace", namespace, message(vm.namespaceMessageProperty()), 6);
        row = fieldRow(form, row, "_Target", target, message(vm.targetMessageProperty()), 6);
        var databaseHint = styled("Left empty: the database the target's Secret names (its dbname).", "field-hint");
        fieldRow(form, row, "_Database", database, databaseHint, 6);

        var problemText = styled("", "");
        problemText.textProperty().bind(vm.kubeconfigProblemProperty());
        problemText.setWrapText(true);
        var demo = new Button("Start the demo cluster");
        demo.setId("start-demo");
        demo.visibleProperty().bind(vm.demoOfferedProperty());
        demo.managedProperty().bind(demo.visibleProperty());
        demo.disableProperty().bind(vm.busyProperty());
        demo.setOnAction(e -> vm.startDemoCluster());
        var problem = new VBox(8, styled("No usable kubeconfig", "field-label"), problemText, demo);
        problem.getStyleClass().add("problem-box");
        problem.visibleProperty().bind(vm.kubeconfigProblemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        var busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        var busyText = styled("", "status-line");
        busyText.textProperty().bind(vm.busyTextProperty());
        var status = styled("", "status-line", "error");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);

        var go = new Button("Continue — justify access…");
        go.setId("continue");
        go.setDefaultButton(true);
        go.getStyleClass().add("accent");
        go.disableProperty().bind(vm.canContinueProperty().not());
        go.setOnAction(e -> vm.begin());
        var actions = new HBox(10, busy, busyText, FormParts.hspacer(), themeToggle, go);
        actions.setAlignment(Pos.CENTER_LEFT);

        var brand = styled("KFM · BREAK-GLASS CONSOLE", "section-title");
        var card = new VBox(14, brand, title, subtitle, problem, form, status, actions);
        card.getStyleClass().add("card");
        card.setMaxWidth(620);
        card.setMinWidth(520);

        var recentList = new ListView<>(vm.recent());
        recentList.setId("recent");
        recentList.setPrefHeight(150);
        recentList.setPlaceholder(styled("Targets you open appear here.", "field-hint"));
        recentList.setCellFactory(l -> new RecentCell());
        recentList.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY
                    && e.getClickCount() == 2
                    && recentList.getSelectionModel().getSelectedItem() != null) {
                vm.applyRecent(recentList.getSelectionModel().getSelectedItem());
            }
        });
        recentList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && recentList.getSelectionModel().getSelectedItem() != null) {
                vm.applyRecent(recentList.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });
        var recent = new VBox(8, styled("RECENT TARGETS", "section-title"), recentList);
        recent.getStyleClass().add("card");
        recent.setPrefWidth(420);
        recent.setMaxHeight(Region.USE_PREF_SIZE);

        var side = new VBox(20, TargetListView.card(vm), recent);
        side.setFillWidth(true);
        side.setMaxHeight(Region.USE_PREF_SIZE);
        var columns = new HBox(20, card, side);
        columns.setFillHeight(false);
        columns.setAlignment(Pos.TOP_LEFT);
        columns.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        columns.setPadding(new Insets(32));
        getChildren().add(columns);
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String prompt) {
        var f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(property);
        return f;
    }

    private static final class ContextCell extends ListCell<ContextChoice> {
        @Override
        protected void updateItem(ContextChoice c, boolean empty) {
            super.updateItem(c, empty);
            setText(
                    empty || c == null
                            ? null
                            : c.name()
                                    + (c.current() ? "   (current)" : "")
                                    + (c.insecureTls() ? "   ⚠ insecure TLS" : ""));
        }
    }

    private static final class RecentCell extends ListCell<RecentTargets.Entry> {
        @Override
        protected void updateItem(RecentTargets.Entry e, boolean empty) {
            super.updateItem(e, empty);
            if (empty || e == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            setText(null);
            var top = styled(e.database() + "  ·  " + e.target(), "check-name");
            var bottom = styled(e.context() + " / " + e.namespace(), "check-reason");
            setGraphic(new VBox(1, top, bottom));
        }
    }
}
