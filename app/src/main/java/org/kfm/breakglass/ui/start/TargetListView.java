package org.kfm.breakglass.ui.start;

import static org.kfm.breakglass.ui.FormParts.styled;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.ui.FormParts;

/** The start screen's card of PostgreSQL targets found in the chosen namespace; picking one fills the form. */
final class TargetListView {
    private TargetListView() {}

    static VBox card(StartViewModel vm) {
        var targets = vm.targets();
        var list = new ListView<>(targets.items());
        list.setId("targets");
        list.setPrefHeight(300);
        list.setPlaceholder(styled("No targets listed.", "field-hint"));
        list.setCellFactory(l -> new ListedTargetCell());
        list.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                vm.pick(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                vm.pick(list.getSelectionModel().getSelectedItem());
                e.consume();
            }
        });

        var status = styled("", "field-hint");
        status.setId("targets-status");
        status.setWrapText(true);
        status.textProperty().bind(targets.statusProperty());
        targets.failedProperty().addListener((o, a, bad) -> {
            status.getStyleClass().remove("warning");
            if (bad) status.getStyleClass().add("warning");
        });

        var busy = new ProgressIndicator();
        busy.setPrefSize(14, 14);
        busy.visibleProperty().bind(targets.busyProperty());
        var refresh = new Button("List again");
        refresh.setId("list-targets");
        refresh.disableProperty().bind(targets.busyProperty());
        refresh.setOnAction(e -> vm.listTargets());
        var head = new HBox(8, styled("TARGETS IN NAMESPACE", "section-title"), busy, FormParts.hspacer(), refresh);
        head.setAlignment(Pos.CENTER_LEFT);

        var use = new Button("Use this target");
        use.setId("use-target");
        use.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        use.disableProperty()
                .bind(list.getSelectionModel().selectedItemProperty().isNull());
        use.setOnAction(e -> vm.pick(list.getSelectionModel().getSelectedItem()));
        var foot = new HBox(8, status, FormParts.hspacer(), use);
        foot.setAlignment(Pos.TOP_LEFT);
        javafx.scene.layout.HBox.setHgrow(status, javafx.scene.layout.Priority.ALWAYS);

        var card = new VBox(8, head, list, foot);
        card.getStyleClass().add("card");
        card.setPrefWidth(420);
        return card;
    }

    /** Kind and target on top; the pod it reaches, its Ready replicas and the Secret below; a problem in warning. */
    private static final class ListedTargetCell extends ListCell<ListedTarget> {
        ListedTargetCell() {
            // Cells as wide as the list, never wider: the lines wrap instead of scrolling sideways.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(ListedTarget t, boolean empty) {
            super.updateItem(t, empty);
            setText(null);
            if (empty || t == null) {
                setGraphic(null);
                return;
            }
            var top = styled(t.target() + "  ·  " + t.kind(), "check-name");
            var where = "pod " + t.primaryPod().orElse("none") + "  ·  Secret "
                    + t.secret().orElse("unknown");
            var box = new VBox(1, top, styled(where, "check-reason"));
            if (!t.readyReplicas().isEmpty()) {
                box.getChildren().add(styled("Ready replicas " + String.join(", ", t.readyReplicas()), "check-reason"));
            }
            t.problem().ifPresent(p -> box.getChildren().add(styled(p, "field-hint", "warning")));
            for (var n : box.getChildren()) {
                // A label in a cell wraps only with a width to wrap at and room to grow in height.
                var label = (javafx.scene.control.Label) n;
                label.setWrapText(true);
                label.maxWidthProperty().bind(getListView().widthProperty().subtract(36));
                label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            }
            setGraphic(box);
        }
    }
}
