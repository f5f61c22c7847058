package org.kfm.breakglass.ui;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.kfm.breakglass.check.Verdict;

/** Small, repeated pieces of the views: styled labels, inline messages, badges, spacers. */
public final class FormParts {
    private FormParts() {}

    public static Label styled(String text, String... styleClasses) {
        var l = new Label(text);
        l.getStyleClass().addAll(styleClasses);
        return l;
    }

    /** A message under a field: shown only when non-empty, so the form does not jump when valid. */
    public static Label message(ObservableValue<String> text) {
        var l = styled("", "field-message");
        l.textProperty().bind(text);
        l.setWrapText(true);
        l.managedProperty().bind(l.visibleProperty());
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        return l;
    }

    /**
     * A labelled field in a two-column form: the label (its mnemonic bound to {@code input}) beside the input,
     * {@code below} (hint or message) under the input with {@code gapBelow} px after it.
     *
     * @return the next free row
     */
    public static int fieldRow(GridPane grid, int row, String text, Node input, Node below, double gapBelow) {
        var label = styled(text, "field-label");
        label.setMnemonicParsing(true);
        label.setLabelFor(input);
        grid.add(label, 0, row);
        grid.add(input, 1, row);
        grid.add(below, 1, row + 1);
        GridPane.setMargin(below, new Insets(0, 0, gapBelow, 0));
        return row + 2;
    }

    public static Region hspacer() {
        var r = new Region();
        javafx.scene.layout.HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    public static Label badge(Verdict verdict) {
        var l = styled(verdict.name(), "badge", verdict.name().toLowerCase(java.util.Locale.ROOT));
        l.setMinWidth(56);
        l.setPrefWidth(56);
        return l;
    }

    /** Replaces any tone style class with the one for {@code tone}. */
    public static void tone(javafx.scene.Node node, Tone tone) {
        node.getStyleClass().removeAll("safe", "caution", "danger", "neutral");
        node.getStyleClass().add(tone.name().toLowerCase(java.util.Locale.ROOT));
    }
}
