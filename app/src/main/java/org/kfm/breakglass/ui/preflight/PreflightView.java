package org.kfm.breakglass.ui.preflight;

import static org.kfm.breakglass.ui.FormParts.styled;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.port.TargetChoice;

/** The live preflight checklist with its explicit warning acknowledgement. */
public final class PreflightView extends StackPane {

    public PreflightView(PreflightViewModel vm, TargetChoice target, String ticket, javafx.scene.Node themeToggle) {
        getStyleClass().add("page");
        setId("preflight-view");

        var title = styled("Preflight checks", "screen-title");
        var subtitle = styled(
                target.context() + " / " + target.namespace() + " / " + target.target() + " / " + target.database()
                        + "   ·   " + ticket,
                "screen-subtitle");

        var list = new ListView<>(vm.lines());
        list.setId("checks");
        list.setCellFactory(l -> new CheckLineCell());
        list.setPrefHeight(330);
        list.setPlaceholder(styled("Checks appear here as they complete.", "field-hint"));
        VBox.setVgrow(list, Priority.ALWAYS);

        var progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty()
                .bind(javafx.beans.binding.Bindings.when(vm.runningProperty().or(vm.openingProperty()))
                        .then(-1.0)
                        .otherwise(1.0));
        progress.visibleProperty().bind(vm.runningProperty().or(vm.openingProperty()));

        var status = styled("", "status-line");
        status.textProperty().bind(vm.statusProperty());
        status.setWrapText(true);
        vm.failuresProperty().addListener((o, a, n) -> {
            status.getStyleClass().remove("error");
            if (n.intValue() > 0) status.getStyleClass().add("error");
        });

        var ack = new CheckBox("I have read the warnings above and accept them for this session");
        ack.setId("acknowledge");
        ack.selectedProperty().bindBidirectional(vm.warningsAcknowledgedProperty());
        ack.visibleProperty()
                .bind(vm.warningsProperty()
                        .greaterThan(0)
                        .and(vm.failuresProperty().isEqualTo(0)));
        ack.managedProperty().bind(ack.visibleProperty());
        ack.disableProperty().bind(vm.runningProperty());

        var again = new Button("Run checks again");
        again.setId("rerun");
        again.disableProperty().bind(vm.runningProperty().or(vm.openingProperty()));
        again.setOnAction(e -> vm.run());
        var abandon = new Button("Abandon");
        abandon.setId("abandon");
        abandon.setCancelButton(true);
        abandon.disableProperty().bind(vm.openingProperty());
        abandon.setOnAction(e -> vm.abandon());
        var open = new Button("Open session");
        open.setId("open-session");
        open.getStyleClass().add("accent");
        open.setDefaultButton(true);
        open.disableProperty().bind(vm.canOpenProperty().not());
        open.setOnAction(e -> vm.open());
        var actions = new HBox(10, themeToggle, FormParts.hspacer(), abandon, again, open);
        actions.setAlignment(Pos.CENTER_LEFT);

        var card = new VBox(14, title, subtitle, progress, list, status, ack, actions);
        card.getStyleClass().add("card");
        card.setMaxWidth(760);
        card.setMaxHeight(Double.MAX_VALUE);
        StackPane.setMargin(card, new Insets(32));
        getChildren().add(card);
    }
}
