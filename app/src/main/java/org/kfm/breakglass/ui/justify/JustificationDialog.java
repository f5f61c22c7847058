package org.kfm.breakglass.ui.justify;

import static org.kfm.breakglass.ui.FormParts.fieldRow;
import static org.kfm.breakglass.ui.FormParts.message;
import static org.kfm.breakglass.ui.FormParts.styled;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;

/**
 * The typed justification dialog. OK stays disabled until every field satisfies the policy; cancelling returns no
 * justification, and without one no session starts.
 */
public final class JustificationDialog extends Dialog<JustificationInput> {
    public static final ButtonType OPEN = new ButtonType("Justify and continue", ButtonBar.ButtonData.OK_DONE);

    public JustificationDialog(JustificationViewModel vm, String title, String header) {
        setTitle(title);
        setHeaderText(header);
        setResizable(true);

        var reason = new TextArea();
        reason.setId("reason");
        reason.setPromptText("What is broken, and why does it need direct database access?");
        reason.setPrefRowCount(3);
        reason.setWrapText(true);
        reason.textProperty().bindBidirectional(vm.reasonProperty());
        var counter = styled("", "field-hint");
        counter.textProperty().bind(vm.reasonCounter());

        var ticket = new TextField();
        ticket.setId("ticket");
        ticket.setPromptText("INC-1234");
        ticket.textProperty().bindBidirectional(vm.ticketProperty());

        var rules = vm.rules();
        var minutes = new Spinner<Integer>();
        minutes.setId("duration");
        minutes.setEditable(true);
        var factory = new SpinnerValueFactory.IntegerSpinnerValueFactory(
                5,
                (int) rules.maxDuration().toMinutes(),
                (int) Math.min(
                        rules.defaultDuration().toMinutes(), rules.maxDuration().toMinutes()),
                5);
        minutes.setValueFactory(factory);
        minutes.valueProperty().addListener((o, a, m) -> vm.durationProperty().set(java.time.Duration.ofMinutes(m)));
        vm.durationProperty().set(java.time.Duration.ofMinutes(factory.getValue()));
        minutes.setPrefWidth(110);
        var durationRow = new HBox(
                8,
                minutes,
                styled("minutes (policy maximum " + rules.maxDuration().toMinutes() + ")", "field-hint"));
        durationRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        var grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(4);
        grid.setPadding(new Insets(16, 20, 8, 20));
        var c0 = new ColumnConstraints();
        c0.setMinWidth(90);
        var c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setMinWidth(380);
        grid.getColumnConstraints().addAll(c0, c1);
        int row = 0;
        row = fieldRow(grid, row, "_Reason", reason, new VBox(2, counter, message(vm.reasonMessageProperty())), 8);
        row = fieldRow(grid, row, "_Ticket", ticket, message(vm.ticketMessageProperty()), 8);
        row = fieldRow(grid, row, "D_uration", durationRow, message(vm.durationMessageProperty()), 8);

        if (vm.confirmsDatabase()) {
            var confirm = new TextField();
            confirm.setId("confirm-database");
            confirm.setPromptText(vm.databaseToConfirm());
            confirm.textProperty().bindBidirectional(vm.typedDatabaseProperty());
            fieldRow(grid, row, "Data_base", confirm, message(vm.databaseMessageProperty()), 8);
        } else {
            var group = new ToggleGroup();
            var readOnly = new RadioButton("Read-only (recommended)");
            readOnly.setId("mode-read-only");
            readOnly.setToggleGroup(group);
            readOnly.setUserData(Mode.READ_ONLY);
            var readWrite = new RadioButton("Read-write");
            readWrite.setId("mode-read-write");
            readWrite.setToggleGroup(group);
            readWrite.setUserData(Mode.READ_WRITE);
            readWrite.setDisable(!vm.writeAllowed());
            group.selectToggle(vm.modeProperty().get() == Mode.READ_WRITE ? readWrite : readOnly);
            group.selectedToggleProperty()
                    .addListener(
                            (o, a, t) -> vm.modeProperty().set(t == null ? Mode.READ_ONLY : (Mode) t.getUserData()));
            var modes = new HBox(16, readOnly, readWrite);
            var hint = styled("", "field-hint", "warning");
            hint.textProperty()
                    .bind(javafx.beans.binding.Bindings.when(vm.modeProperty().isEqualTo(Mode.READ_WRITE))
                            .then("Writes change production data. Every statement is audited with this justification.")
                            .otherwise(""));
            fieldRow(grid, row, "_Mode", modes, new VBox(2, hint, message(vm.modeMessageProperty())), 8);
        }

        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(OPEN, ButtonType.CANCEL);
        Node ok = getDialogPane().lookupButton(OPEN);
        ok.setId("justify-ok");
        ok.disableProperty().bind(vm.validProperty().not());
        getDialogPane().setPrefWidth(620);
        setResultConverter(button -> button == OPEN ? vm.result().orElse(null) : null);
        setOnShown(e -> reason.requestFocus());
    }
}
