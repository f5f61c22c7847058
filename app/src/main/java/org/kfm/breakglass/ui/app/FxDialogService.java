package org.kfm.breakglass.ui.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.ListView;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.Elevation;
import org.kfm.breakglass.ui.justify.JustificationDialog;
import org.kfm.breakglass.ui.justify.JustificationViewModel;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.preflight.CheckLineCell;

/** {@link DialogService} with real JavaFX dialogs owned by the console window. */
public final class FxDialogService implements DialogService {
    private final Supplier<Window> owner;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    private <T> Dialog<T> owned(Dialog<T> dialog) {
        var w = owner.get();
        if (w != null) {
            dialog.initOwner(w);
            dialog.getDialogPane().getStylesheets().setAll(w.getScene().getStylesheets());
        }
        return dialog;
    }

    @Override
    public Optional<JustificationInput> askJustification(
            JustificationRules rules, boolean writeAllowed, String target) {
        var vm = new JustificationViewModel(rules, writeAllowed);
        return owned(new JustificationDialog(
                        vm,
                        "Justify access",
                        "Why do you need access to " + target
                                + "?\nThis justification is recorded in the audit journal."))
                .showAndWait();
    }

    @Override
    public Optional<Elevation> askElevation(JustificationRules rules, String database) {
        var vm = JustificationViewModel.forElevation(rules, database);
        return owned(new JustificationDialog(
                        vm,
                        "Elevate to read-write",
                        "Read-write access to " + database
                                + " needs its own justification.\nType the database name to confirm."))
                .showAndWait()
                .map(j -> new Elevation(j, vm.typedDatabaseProperty().get()));
    }

    @Override
    public Optional<Path> askSaveFile(String title, String extension, String suggestedName) {
        var chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.setInitialFileName(suggestedName);
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter(extension.toUpperCase() + " files", "*." + extension));
        return Optional.ofNullable(chooser.showSaveDialog(owner.get())).map(java.io.File::toPath);
    }

    @Override
    public void showChecks(String title, List<CheckResult> lines) {
        var dialog = owned(new Dialog<Void>());
        dialog.setTitle(title);
        long failed = lines.stream().filter(l -> l.verdict() == Verdict.FAIL).count();
        long warned = lines.stream().filter(l -> l.verdict() == Verdict.WARN).count();
        dialog.setHeaderText(
                failed > 0
                        ? failed + " of " + lines.size() + " checks failed"
                        : warned > 0
                                ? warned + " warning(s), " + (lines.size() - warned) + " passed"
                                : "All " + lines.size() + " checks passed");
        var list = new ListView<CheckResult>();
        list.getItems().setAll(lines);
        list.setCellFactory(l -> new CheckLineCell());
        list.setPrefSize(620, 320);
        dialog.getDialogPane().setContent(list);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        dialog.showAndWait();
    }

    @Override
    public void showError(String title, String message) {
        var alert = owned(new Alert(Alert.AlertType.ERROR, message, ButtonType.OK));
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.showAndWait();
    }

    @Override
    public boolean confirm(String title, String message) {
        var alert = owned(new Alert(Alert.AlertType.CONFIRMATION, message, ButtonType.CANCEL, ButtonType.OK));
        alert.setTitle(title);
        alert.setHeaderText(title);
        return alert.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
