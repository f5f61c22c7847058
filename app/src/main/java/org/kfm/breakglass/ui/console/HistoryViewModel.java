package org.kfm.breakglass.ui.console;

import java.time.Clock;
import java.util.Locale;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.state.QueryHistory;

/** Statements run against this target (persisted per target), searchable. */
public final class HistoryViewModel {
    private final QueryHistory store;
    private final String targetKey;
    private final BackgroundWork work;
    private final Clock clock;
    private final ObservableList<QueryHistory.Entry> entries = FXCollections.observableArrayList();
    private final FilteredList<QueryHistory.Entry> filtered = new FilteredList<>(entries);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");

    public HistoryViewModel(QueryHistory store, String targetKey, BackgroundWork work, Clock clock) {
        this.store = store;
        this.targetKey = targetKey;
        this.work = work;
        this.clock = clock;
        search.addListener((o, a, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(
                    needle.isEmpty()
                            ? null
                            : e -> e.sql().toLowerCase(Locale.ROOT).contains(needle));
        });
    }

    public void load() {
        work.submit("history-load", () -> store.list(targetKey), entries::setAll, failure -> {});
    }

    public void record(String sql, String outcome) {
        var when = clock.instant();
        work.submit(
                "history-save",
                () -> store.add(targetKey, sql, outcome, when),
                entry -> {
                    entries.removeIf(e -> e.sql().equals(sql));
                    entries.addFirst(entry);
                },
                failure -> {});
    }

    private final ObservableList<QueryHistory.Entry> visibleView = FXCollections.unmodifiableObservableList(filtered);

    public ObservableList<QueryHistory.Entry> visible() {
        return visibleView;
    }

    public StringProperty searchProperty() {
        return search;
    }
}
