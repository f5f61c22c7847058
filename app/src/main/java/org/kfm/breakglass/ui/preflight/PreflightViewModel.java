package org.kfm.breakglass.ui.preflight;

import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.SessionHandle;

/** The live preflight checklist. A FAIL blocks; WARN lines need the operator's explicit acknowledgement. */
public final class PreflightViewModel {
    private final SessionHandle handle;
    private final BackgroundWork work;
    private final UiThread ui;
    private Runnable onOpened = () -> {};
    private Runnable onAbandoned = () -> {};

    private final ObservableList<CheckResult> lines = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper finished = new ReadOnlyBooleanWrapper(this, "finished");
    private final ReadOnlyIntegerWrapper failures = new ReadOnlyIntegerWrapper(this, "failures");
    private final ReadOnlyIntegerWrapper warnings = new ReadOnlyIntegerWrapper(this, "warnings");
    private final BooleanProperty warningsAcknowledged = new SimpleBooleanProperty(this, "warningsAcknowledged");
    private final ReadOnlyBooleanWrapper opening = new ReadOnlyBooleanWrapper(this, "opening");
    private final ReadOnlyBooleanWrapper canOpen = new ReadOnlyBooleanWrapper(this, "canOpen");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");

    public PreflightViewModel(SessionHandle handle, BackgroundWork work, UiThread ui) {
        this.handle = handle;
        this.work = work;
        this.ui = ui;
        running.addListener((o, a, b) -> update());
        finished.addListener((o, a, b) -> update());
        opening.addListener((o, a, b) -> update());
        warningsAcknowledged.addListener((o, a, b) -> update());
    }

    public void onOpened(Runnable r) {
        this.onOpened = r;
    }

    public void onAbandoned(Runnable r) {
        this.onAbandoned = r;
    }

    /** Runs the checks; each line shows as soon as the engine reports it. */
    public void run() {
        if (running.get()) {
            return;
        }
        lines.clear();
        failures.set(0);
        warnings.set(0);
        warningsAcknowledged.set(false);
        finished.set(false);
        running.set(true);
        status.set("Running preflight checks…");
        work.submit(
                "preflight",
                () -> {
                    handle.preflight(line -> ui.run(() -> add(line)));
                    return true;
                },
                ok -> {
                    running.set(false);
                    finished.set(true);
                    status.set(
                            failures.get() > 0
                                    ? failures.get()
                                            + " check(s) failed — the session cannot be opened. Fix the cause and run the checks again."
                                    : warnings.get() > 0
                                            ? warnings.get() + " warning(s): read them and acknowledge to continue."
                                            : "All checks passed.");
                },
                failure -> {
                    running.set(false);
                    finished.set(true);
                    failures.set(failures.get() + 1);
                    status.set("Preflight could not complete: " + Problems.describe(failure));
                });
    }

    private void add(CheckResult line) {
        lines.add(line);
        if (line.verdict() == Verdict.FAIL) {
            failures.set(failures.get() + 1);
        } else if (line.verdict() == Verdict.WARN) {
            warnings.set(warnings.get() + 1);
        }
        update();
    }

    private void update() {
        canOpen.set(finished.get()
                && !running.get()
                && !opening.get()
                && failures.get() == 0
                && (warnings.get() == 0 || warningsAcknowledged.get()));
    }

    /** Acknowledges the warnings (if any) with the engine, then opens the tunnel. */
    public void open() {
        if (!canOpen.get()) {
            return;
        }
        List<CheckResult> warns =
                lines.stream().filter(l -> l.verdict() == Verdict.WARN).toList();
        opening.set(true);
        status.set("Opening the tunnel…");
        work.submit(
                "session-open",
                () -> {
                    if (!warns.isEmpty()) {
                        handle.acknowledgeWarnings(warns);
                    }
                    handle.open();
                    return true;
                },
                ok -> {
                    opening.set(false);
                    status.set("Session open.");
                    onOpened.run();
                },
                failure -> {
                    opening.set(false);
                    status.set("The session could not be opened: " + Problems.describe(failure));
                });
    }

    /** Gives up before opening: the session is closed (and so audited) by the engine. */
    public void abandon() {
        work.submit(
                "session-abandon",
                () -> {
                    handle.close();
                    return true;
                },
                ok -> onAbandoned.run(),
                failure -> onAbandoned.run());
    }

    private final ObservableList<CheckResult> linesView = FXCollections.unmodifiableObservableList(lines);

    public ObservableList<CheckResult> lines() {
        return linesView;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty finishedProperty() {
        return finished.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty failuresProperty() {
        return failures.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty warningsProperty() {
        return warnings.getReadOnlyProperty();
    }

    public BooleanProperty warningsAcknowledgedProperty() {
        return warningsAcknowledged;
    }

    public ReadOnlyBooleanProperty openingProperty() {
        return opening.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canOpenProperty() {
        return canOpen.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }
}
