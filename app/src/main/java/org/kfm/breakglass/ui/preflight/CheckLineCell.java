package org.kfm.breakglass.ui.preflight;

import javafx.geometry.Pos;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.ui.FormParts;

/** A check line: verdict badge, check name, and the reason underneath. */
public final class CheckLineCell extends ListCell<CheckResult> {
    public CheckLineCell() {
        setPrefWidth(0); // let the list's width decide, so long reasons wrap instead of scrolling
    }

    @Override
    protected void updateItem(CheckResult line, boolean empty) {
        super.updateItem(line, empty);
        setText(null);
        if (empty || line == null) {
            setGraphic(null);
            return;
        }
        var name = FormParts.styled(line.name(), "check-name");
        var reason = FormParts.styled(line.reason(), "check-reason");
        reason.setWrapText(true);
        reason.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        reason.maxWidthProperty()
                .bind(javafx.beans.binding.Bindings.max(200, widthProperty().subtract(110)));
        var text = new VBox(2, name, reason);
        HBox.setHgrow(text, Priority.ALWAYS);
        var row = new HBox(12, FormParts.badge(line.verdict()), text);
        row.setAlignment(Pos.TOP_LEFT);
        setGraphic(row);
    }
}
