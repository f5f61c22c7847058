package org.kfm.breakglass.ui.console;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.util.function.Consumer;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.ui.state.QueryHistory;

/** Searchable statement history for this target; Enter or double-click loads a statement into the editor. */
public final class HistoryView extends VBox {

    public HistoryView(HistoryViewModel vm, Consumer<String> load) {
        super(6);
        setId("history-view");
        setPadding(new javafx.geometry.Insets(8));
        var search = new TextField();
        search.setId("history-search");
        search.setPromptText("Search history…");
        search.textProperty().bindBidirectional(vm.searchProperty());
        var list = new ListView<>(vm.visible());
        list.setPlaceholder(styled("Statements you run are kept here, per target.", "field-hint"));
        list.setCellFactory(l -> new EntryCell());
        VBox.setVgrow(list, Priority.ALWAYS);
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && list.getSelectionModel().getSelectedItem() != null) {
                load.accept(list.getSelectionModel().getSelectedItem().sql());
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                load.accept(list.getSelectionModel().getSelectedItem().sql());
                e.consume();
            }
        });
        getChildren().addAll(search, list);
    }

    private static final class EntryCell extends ListCell<QueryHistory.Entry> {
        @Override
        protected void updateItem(QueryHistory.Entry e, boolean empty) {
            super.updateItem(e, empty);
            setText(null);
            if (empty || e == null) {
                setGraphic(null);
                return;
            }
            String oneLine = e.sql().replaceAll("\\s+", " ");
            var sql = styled(oneLine.length() > 60 ? oneLine.substring(0, 59) + "…" : oneLine, "history-sql");
            String when = e.ranAt().length() >= 19 ? e.ranAt().substring(0, 19).replace('T', ' ') : e.ranAt();
            var meta = styled(when + " UTC · " + e.outcome(), "history-meta");
            setGraphic(new VBox(1, sql, meta));
        }
    }
}
