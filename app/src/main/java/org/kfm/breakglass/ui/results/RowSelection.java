package org.kfm.breakglass.ui.results;

import java.util.Collection;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected result rows, shared by the table and the spatial preview: a map click calls {@link #select}, the map
 * highlights {@link #selected()}. Indices are positions in {@link ResultViewModel#rows()}.
 */
public final class RowSelection {
    private final ObservableList<Integer> selected = FXCollections.observableArrayList();

    private final ObservableList<Integer> selectedView = FXCollections.unmodifiableObservableList(selected);

    public ObservableList<Integer> selected() {
        return selectedView;
    }

    public void select(Collection<Integer> rows) {
        var sorted = rows.stream().distinct().sorted().toList();
        if (!sorted.equals(selected)) {
            selected.setAll(sorted);
        }
    }

    public void select(int row) {
        select(List.of(row));
    }

    public void clear() {
        select(List.of());
    }
}
