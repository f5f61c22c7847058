package org.kfm.breakglass.ui.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.layout.HBox;
import org.kfm.breakglass.ui.port.AuditLine;

import static org.kfm.breakglass.ui.FormParts.styled;

/** The session's audit journal, live; follows the newest line unless the operator scrolled away. */
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

    private static final class LineCell extends ListCell<AuditLine> {
        @Override
        protected void updateItem(AuditLine line, boolean empty) {
            super.updateItem(line, empty);
            setText(null);
            if (empty || line == null) {
                setGraphic(null);
                return;
            }
            var head = styled("#" + line.seq() + "  " + TIME.format(line.time()), "audit-line", "history-meta");
            var type = styled(line.type(), "audit-line", "audit-type");
            var summary = styled(line.summary(), "audit-line");
            var box = new HBox(8, head, type, summary);
            setGraphic(box);
        }
    }
}
