package org.kfm.breakglass.ui.audit;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import org.kfm.breakglass.session.JournalLine;

/** The session's audit journal, live; follows the newest line. */
public final class AuditView extends ListView<JournalLine> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    public AuditView(ObservableList<JournalLine> lines) {
        super(lines);
        setId("audit-view");
        setPlaceholder(styled("No audit lines yet.", "field-hint"));
        setCellFactory(l -> new LineCell());
        lines.addListener((ListChangeListener<JournalLine>) c -> {
            if (!lines.isEmpty()) scrollTo(lines.size() - 1);
        });
    }

    private static final class LineCell extends ListCell<JournalLine> {
        private final javafx.scene.control.Label time = styled("", "audit-line", "history-meta");
        private final javafx.scene.control.Label type = styled("", "audit-line", "audit-type");
        private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();

        LineCell() {
            setPrefWidth(0); // one line per event, elided; the tooltip holds the whole summary
            getStyleClass().add("audit-line");
            setGraphic(null);
        }

        @Override
        protected void updateItem(JournalLine line, boolean empty) {
            super.updateItem(line, empty);
            if (empty || line == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
                return;
            }
            time.setText(TIME.format(line.time()));
            type.setText(line.type());
            setGraphic(new javafx.scene.layout.HBox(8, time, type));
            setText(line.summary());
            tip.setText("#" + line.seq() + " " + line.type() + "\n" + line.summary());
            setTooltip(tip);
        }
    }
}
