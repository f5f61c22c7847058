package org.kfm.breakglass.ui.console;

import java.time.Duration;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.kfm.breakglass.ui.results.QueryError;

/** The SQL editor: RichTextFX CodeArea with line numbers, highlighting and the error mark. */
public final class SqlEditor extends VirtualizedScrollPane<CodeArea> {
    private int errorOffset = -1;

    public SqlEditor() {
        super(new CodeArea());
        var area = getContent();
        area.setId("sql-editor");
        area.getStyleClass().add("sql-editor");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        area.setWrapText(false);
        // Highlight after a short pause so fast typing stays smooth even in long scripts.
        area.plainTextChanges().subscribe(change -> errorOffset = -1);
        area.multiPlainChanges().successionEnds(Duration.ofMillis(60)).subscribe(ignore -> restyle());
    }

    public CodeArea area() {
        return getContent();
    }

    public void setText(String sql) {
        area().replaceText(sql);
        errorOffset = -1;
        restyle();
    }

    /** Marks the error position (and moves the caret there), or clears the mark. */
    public void showError(QueryError error) {
        errorOffset = error == null ? -1 : error.editorOffset();
        restyle();
        if (errorOffset >= 0 && errorOffset <= area().getLength()) {
            area().moveTo(errorOffset);
            area().requestFollowCaret();
        }
    }

    private void restyle() {
        var text = area().getText();
        area().setStyleSpans(0, SqlHighlighting.compute(text, errorOffset));
    }
}
