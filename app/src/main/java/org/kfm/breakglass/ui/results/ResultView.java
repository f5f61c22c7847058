package org.kfm.breakglass.ui.results;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TablePosition;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.spatial.GeometryText;
import org.kfm.breakglass.ui.FormParts;

/**
 * One result: a virtualised table that grows as batches arrive, a detail pane for the focused value, copy and
 * export, the error pane, and the spatial slot beside the table.
 */
public final class ResultView extends BorderPane {
    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final ResultViewModel vm;
    private final TableView<List<Object>> table = new TableView<>();
    private final SplitPane split = new SplitPane();
    private final SpatialPreviewFactory spatial;
    private boolean syncing;
    private boolean sized;

    public ResultView(ResultViewModel vm, ResultExport export, SpatialPreviewFactory spatial) {
        this.vm = vm;
        this.spatial = spatial;
        getStyleClass().add("result-view");

        var summary = styled("", "result-summary");
        summary.setId("result-summary");
        summary.textProperty().bind(vm.summaryProperty());
        vm.stateProperty().addListener((o, a, s) -> {
            summary.getStyleClass().remove("error");
            if (s == RunState.FAILED) summary.getStyleClass().add("error");
        });
        var exportStatus = styled("", "status-line");
        exportStatus.textProperty().bind(export.statusProperty());
        var copy = new Button("Copy");
        copy.setOnAction(e -> copySelection());
        var csv = new Button("Export CSV…");
        csv.setOnAction(e -> export.export(vm, "csv"));
        var geojson = new Button("Export GeoJSON…");
        geojson.setOnAction(e -> export.export(vm, "geojson"));
        for (var b : List.of(copy, csv, geojson)) {
            b.getStyleClass().add("small");
            b.disableProperty().bind(vm.stateProperty().isNotEqualTo(RunState.DONE));
        }
        var selectionNote = styled("", "status-line");
        selectionNote.setId("result-selection-note");
        selectionNote.textProperty().bind(vm.selectionNoteProperty());
        var bar = new HBox(8, summary, selectionNote, FormParts.hspacer(), exportStatus, copy, csv, geojson);
        bar.getStyleClass().add("toolbar-row");
        bar.setAlignment(Pos.CENTER_LEFT);
        setTop(bar);

        table.setId("result-table");
        table.setItems(vm.rows());
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getSelectionModel().setCellSelectionEnabled(true);
        table.setPlaceholder(styled("No rows.", "field-hint"));
        table.getStyleClass().addAll("dense", "bordered");
        table.setOnKeyPressed(e -> {
            if (COPY.match(e)) {
                copySelection();
                e.consume();
            }
        });
        var detail = new TextArea();
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.setPrefRowCount(3);
        detail.getStyleClass().add("detail-pane");
        detail.setPromptText("Select a cell to see its full value.");
        table.getSelectionModel().getSelectedCells().addListener((ListChangeListener<TablePosition>) c -> {
            var cells = table.getSelectionModel().getSelectedCells();
            detail.setText(cells.isEmpty() ? "" : valueAt(cells.getLast()));
        });
        var tableSide = new SplitPane(table, detail);
        tableSide.setOrientation(Orientation.VERTICAL);
        tableSide.setDividerPositions(0.86);
        split.getItems().add(tableSide);

        vm.columns().addListener((ListChangeListener<ColumnInfo>) c -> rebuildColumns());
        vm.rows().addListener((ListChangeListener<List<Object>>) c -> {
            if (!sized && !vm.rows().isEmpty()) fitColumnsToFirstRows();
        });
        rebuildColumns();
        wireSelection();

        vm.errorProperty().addListener((o, a, err) -> showError(err));
        setCenter(split);
        if (vm.errorProperty().get() != null) showError(vm.errorProperty().get());
    }

    private void rebuildColumns() {
        table.getColumns().clear();
        var cols = vm.columns();
        for (int i = 0; i < cols.size(); i++) {
            int index = i;
            var info = cols.get(i);
            var col = new TableColumn<List<Object>, Object>(info.name());
            col.setUserData(info);
            col.setCellValueFactory(row -> new ReadOnlyObjectWrapper<>(
                    index < row.getValue().size() ? row.getValue().get(index) : null));
            col.setCellFactory(c -> new ValueCell(info.spatial()));
            col.setPrefWidth(
                    info.spatial()
                            ? 220
                            : Math.max(90, Math.min(260, info.name().length() * 10 + 40)));
            col.setSortable(false);
            table.getColumns().add(col);
        }
        if (vm.hasSpatialColumn() && split.getItems().size() == 1) {
            var node = spatial.create(vm);
            if (node != null) {
                split.getItems().add(node);
                split.setDividerPositions(0.56);
            }
        }
    }

    /** Once, when the first rows arrive: text columns as wide as their first values (within bounds), not their names. */
    private void fitColumnsToFirstRows() {
        sized = true;
        int sample = Math.min(vm.rows().size(), 100);
        for (int c = 0; c < table.getColumns().size(); c++) {
            var col = table.getColumns().get(c);
            if (col.getUserData() instanceof ColumnInfo info && !info.spatial()) {
                int longest = info.name().length();
                for (int r = 0; r < sample; r++) {
                    var row = vm.rows().get(r);
                    if (c < row.size())
                        longest = Math.max(longest, CellText.cell(row.get(c)).length());
                }
                col.setPrefWidth(Math.max(80, Math.min(320, longest * 8 + 28)));
            }
        }
    }

    /** Table selection ⇄ {@link RowSelection}, so the map and the table agree. */
    private void wireSelection() {
        table.getSelectionModel().getSelectedCells().addListener((ListChangeListener<TablePosition>) c -> {
            if (syncing) return;
            syncing = true;
            vm.selection()
                    .select(table.getSelectionModel().getSelectedCells().stream()
                            .map(TablePosition::getRow)
                            .toList());
            syncing = false;
        });
        vm.selection().selected().addListener((ListChangeListener<Integer>) c -> {
            if (syncing) return;
            syncing = true;
            table.getSelectionModel().clearSelection();
            for (int row : vm.selection().selected()) {
                table.getSelectionModel().select(row);
            }
            if (!vm.selection().selected().isEmpty()) {
                table.scrollTo(vm.selection().selected().getFirst());
            }
            syncing = false;
        });
    }

    private String valueAt(TablePosition<?, ?> pos) {
        if (pos == null || pos.getRow() < 0 || pos.getRow() >= vm.rows().size() || pos.getColumn() < 0) {
            return "";
        }
        var row = vm.rows().get(pos.getRow());
        if (pos.getColumn() >= row.size()) {
            return "";
        }
        Object value = row.get(pos.getColumn());
        boolean spatial = pos.getColumn() < vm.columns().size()
                && vm.columns().get(pos.getColumn()).spatial();
        // Geometry: EWKT to read, then the hex EWKB as the server sent it (what an export or a re-query needs).
        return spatial && value instanceof String hex ? GeometryText.full(hex) + "\n\n" + hex : CellText.full(value);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private void copySelection() {
        List<TablePosition> cells = new ArrayList<>(table.getSelectionModel().getSelectedCells());
        if (cells.isEmpty()) {
            return;
        }
        cells.sort((a, b) -> a.getRow() != b.getRow()
                ? Integer.compare(a.getRow(), b.getRow())
                : Integer.compare(a.getColumn(), b.getColumn()));
        var text = new StringBuilder();
        int lastRow = cells.getFirst().getRow();
        boolean first = true;
        for (var pos : cells) {
            if (pos.getRow() != lastRow) {
                text.append('\n');
                lastRow = pos.getRow();
                first = true;
            }
            if (!first) text.append('\t');
            var row = vm.rows().get(pos.getRow());
            text.append(
                    pos.getColumn() >= 0 && pos.getColumn() < row.size()
                            ? CellText.clipboard(row.get(pos.getColumn()))
                            : "");
            first = false;
        }
        var content = new ClipboardContent();
        content.putString(text.toString());
        Clipboard.getSystemClipboard().setContent(content);
    }

    private void showError(QueryError err) {
        if (err == null) {
            return;
        }
        if (QueryError.QUERY_CANCELED.equals(err.sqlstate())
                && vm.stateProperty().get() == RunState.CANCELLED) {
            setCenter(split);
            return;
        }
        var state = styled("SQLSTATE " + err.sqlstate(), "sqlstate");
        var message = styled(err.message(), "");
        message.setWrapText(true);
        var where = styled(err.editorOffset() >= 0 ? "The error position is marked in the editor." : "", "field-hint");
        var pane = new VBox(6, state, message, where);
        pane.getStyleClass().add("error-pane");
        pane.setId("error-pane");
        Platform.runLater(() -> setCenter(new VBox(pane)));
    }

    /** Shows NULL distinctly and geometry as a hint, long values elided. */
    private static final class ValueCell extends TableCell<List<Object>, Object> {
        private final boolean spatial;

        ValueCell(boolean spatial) {
            this.spatial = spatial;
        }

        @Override
        protected void updateItem(Object value, boolean empty) {
            super.updateItem(value, empty);
            getStyleClass().removeAll("null-cell", "geometry-cell");
            if (empty) {
                setText(null);
                return;
            }
            if (value == null) {
                getStyleClass().add("null-cell");
            } else if (spatial) {
                getStyleClass().add("geometry-cell");
            }
            setText(CellText.cell(spatial && value instanceof String hex ? GeometryText.cell(hex) : value));
            setAlignment(value instanceof Number ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        }
    }
}
