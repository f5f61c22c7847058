package org.kfm.breakglass.ui.schema;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.kfm.breakglass.session.SchemaSnapshot;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.port.SessionHandle;

/** The schema browser's catalogue snapshot, loaded off the UI thread. */
public final class SchemaViewModel {
    private final SessionHandle handle;
    private final BackgroundWork work;
    private final ReadOnlyObjectWrapper<SchemaSnapshot> snapshot = new ReadOnlyObjectWrapper<>(this, "snapshot");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    public SchemaViewModel(SessionHandle handle, BackgroundWork work) {
        this.handle = handle;
        this.work = work;
    }

    public void refresh() {
        if (loading.get()) {
            return;
        }
        loading.set(true);
        problem.set("");
        work.submit(
                "schema",
                handle::schema,
                s -> {
                    loading.set(false);
                    snapshot.set(s);
                },
                failure -> {
                    loading.set(false);
                    problem.set("Could not read the schema: " + Problems.describe(failure));
                });
    }

    public ReadOnlyObjectProperty<SchemaSnapshot> snapshotProperty() {
        return snapshot.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }
}
