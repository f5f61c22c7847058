package org.kfm.breakglass.ui.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.kfm.breakglass.ui.port.AuditLine;

import static org.kfm.breakglass.ui.FormParts.styled;

/** The session's audit journal, live; follows the newest line. */
public final class AuditView extends ListView<AuditLine> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public AuditView(ObservableList<AuditLine> lines) {
        super(lines);
        setId("audit-view");
        setPlaceholder(styled("No audit lines yet.", "field-hint"));
        setCellFactory(l -> new LineCell());
        lines.addListener((ListChangeListener<AuditLine>) c -> {
            if (!lines.isEmpty()) scrollTo(lines.size() - 1);
        });
    }

    private static Text text(String s, String... classes) {
        var t = new Text(s);
        t.getStyleClass().add("audit-text");
        t.getStyleClass().addAll(classes);
        return t;
    }

    private static final class LineCell extends ListCell<AuditLine> {
        LineCell() {
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(AuditLine line, boolean empty) {
            super.updateItem(line, empty);
            setText(null);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            var flow = new TextFlow(text(TIME.format(line.time()) + "  ", "meta"), text(line.type(), "type"),
                    text("  " + line.summary()));
            flow.maxWidthProperty().bind(widthProperty().subtract(24));
            setGraphic(flow);
        }
    }
}
