package org.kfm.breakglass.ui.start;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.session.TargetListing;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.port.ConsolePort;

/**
 * The start screen's list of PostgreSQL targets in one namespace, read through the port off the UI thread. Only the
 * latest listing is shown: an answer for a namespace the operator has since left is dropped.
 */
public final class TargetList {
    private final ConsolePort port;
    private final BackgroundWork work;
    private final ObservableList<ListedTarget> targets = FXCollections.observableArrayList();
    private final ObservableList<ListedTarget> targetsView = FXCollections.unmodifiableObservableList(targets);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private long generation;

    TargetList(ConsolePort port, BackgroundWork work) {
        this.port = port;
        this.work = work;
    }

    void list(String context, String namespace) {
        long mine = ++generation;
        busy.set(true);
        failed.set(false);
        status.set("Listing PostgreSQL targets in " + namespace + "…");
        work.submit(
                "list-targets",
                () -> port.targets(context, namespace),
                listing -> {
                    if (mine == generation) {
                        show(listing);
                    }
                },
                failure -> {
                    if (mine == generation) {
                        busy.set(false);
                        targets.clear();
                        failed.set(true);
                        status.set("The targets could not be listed: " + Problems.describe(failure)
                                + " — type a target instead, or fix the context and list again.");
                    }
                });
    }

    void clear(String why) {
        generation++;
        busy.set(false);
        failed.set(false);
        targets.clear();
        status.set(why);
    }

    private void show(TargetListing listing) {
        busy.set(false);
        targets.setAll(listing.targets());
        String found = listing.targets().isEmpty()
                ? "No PostgreSQL targets in " + listing.namespace() + " (context " + listing.context() + ")."
                : listing.targets().size() + " PostgreSQL target(s) in " + listing.namespace() + ".";
        // A short list must not pass for a complete one: what discovery could not see is said with it.
        String warnings = String.join(" ", listing.warnings());
        failed.set(!listing.warnings().isEmpty());
        status.set(warnings.isEmpty() ? found : found + " Not complete: " + warnings);
    }

    public ObservableList<ListedTarget> items() {
        return targetsView;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the status reports a failure or an incomplete listing (shown as a warning). */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
