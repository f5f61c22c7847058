package org.kfm.breakglass.ui.session;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.session.JournalLine;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.endpoint.ClientEndpointViewModel;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.port.SessionListener;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.port.TunnelState;

/**
 * An open session: banner, audit lines, whether the console may still act, and the session-wide commands
 * (smoke checks, elevation, close). Engine events arrive on any thread and are marshalled to the UI thread here.
 */
public final class SessionViewModel {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final SessionHandle handle;
    private final TargetChoice target;
    private final JustificationRules rules;
    private final boolean writeElevationAllowed;
    private final BackgroundWork work;
    private final DialogService dialogs;
    private final BannerViewModel banner = new BannerViewModel();
    private final ObservableList<JournalLine> audit = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper(this, "active", true);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper endMessage = new ReadOnlyStringWrapper(this, "endMessage", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper canElevate = new ReadOnlyBooleanWrapper(this, "canElevate");
    private final ReadOnlyStringWrapper evidence = new ReadOnlyStringWrapper(this, "evidence", "");
    private ClientEndpointViewModel clientEndpoint;
    private Runnable onClosed = () -> {};
    private boolean warnedExpiry;

    public SessionViewModel(
            SessionHandle handle,
            TargetChoice target,
            JustificationRules rules,
            boolean writeElevationAllowed,
            BackgroundWork work,
            DialogService dialogs,
            UiThread ui) {
        this.handle = handle;
        this.target = target;
        this.rules = rules;
        this.writeElevationAllowed = writeElevationAllowed;
        this.work = work;
        this.dialogs = dialogs;
        banner.show(handle.banner());
        audit.setAll(handle.auditTail());
        updateElevation();
        handle.addListener(new SessionListener() {
            @Override
            public void tunnelState(TunnelState state, String detail) {
                ui.run(() -> onTunnel(state, detail));
            }

            @Override
            public void timeLeft(Duration left) {
                ui.run(() -> onTimeLeft(left));
            }

            @Override
            public void ended(SessionEnd reason, String message) {
                ui.run(() -> onEnded(reason, message));
            }

            @Override
            public void audit(JournalLine line) {
                ui.run(() -> {
                    if (audit.isEmpty() || audit.getLast().seq() < line.seq()) audit.add(line);
                });
            }
        });
    }

    public void onClosed(Runnable r) {
        this.onClosed = r;
    }

    private void onTimeLeft(Duration left) {
        if (!active.get()) {
            return;
        }
        banner.timeLeft(left);
        if (!warnedExpiry && left.compareTo(BannerViewModel.WARN_BEFORE_EXPIRY) <= 0) {
            warnedExpiry = true;
            status.set("About " + Math.max(1, (left.toSeconds() + 59) / 60)
                    + " minute(s) left: at expiry running statements"
                    + " are cancelled and the tunnel closes. Start a new session if you need more time.");
        }
    }

    private void onTunnel(TunnelState state, String detail) {
        if (!active.get()) {
            return;
        }
        banner.tunnel(state, detail);
        status.set(
                switch (state) {
                    case RECONNECTING ->
                        "Tunnel dropped — reconnecting" + (detail.isBlank() ? "" : " (" + detail + ")") + "…";
                    case FAILED ->
                        "Tunnel failed" + (detail.isBlank() ? "" : ": " + detail)
                                + ". Close the session and start a new one.";
                    case OPEN -> detail.isBlank() ? "" : "Tunnel reconnected (" + detail + ").";
                    case CLOSED -> "";
                });
    }

    private void onEnded(SessionEnd reason, String message) {
        if (!active.get()) {
            return;
        }
        active.set(false);
        canElevate.set(false);
        banner.ended(reason);
        String when = CLOCK.format(java.time.Instant.now());
        String why = switch (reason) {
            case EXPIRED -> "Session expired at " + when + ": the time box is over.";
            case IDLE -> "Session ended at " + when + " after being idle.";
            case CLOSED -> "Session closed at " + when + ".";
            case FAILED, TUNNEL_FAILED, ALARM -> "Session failed at " + when + ".";
        };
        endMessage.set(why + (message == null || message.isBlank() ? "" : " " + sentence(message))
                + " The console is read-only; start a new session to run more statements.");
        status.set("");
    }

    /** "closed by the operator" → "Closed by the operator.": the engine's reason as a sentence of the notice. */
    static String sentence(String text) {
        String t = text.strip();
        String first = t.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + t.substring(1);
        return first.endsWith(".") || first.endsWith("!") || first.endsWith("?") ? first : first + ".";
    }

    /** Runs the smoke checks and shows their results in a dialog. */
    public void runSmoke() {
        if (!active.get() || busy.get()) {
            return;
        }
        busy.set(true);
        status.set("Running smoke checks…");
        work.submit(
                "smoke",
                handle::smoke,
                lines -> {
                    busy.set(false);
                    status.set("");
                    dialogs.showChecks("Smoke checks — " + target.target(), lines);
                },
                failure -> {
                    busy.set(false);
                    status.set("");
                    dialogs.showError("Smoke checks", Problems.describe(failure));
                });
    }

    /** Second justification + typed database name, then elevation by the engine. */
    public void elevate() {
        if (!canElevate.get()) {
            return;
        }
        var request = dialogs.askElevation(rules, banner.databaseProperty().get());
        if (request.isEmpty()) {
            return;
        }
        busy.set(true);
        work.submit(
                "elevate",
                () -> handle.elevate(
                        request.get().justification(), request.get().confirmDatabaseName()),
                info -> {
                    busy.set(false);
                    banner.show(info);
                    updateElevation();
                    status.set("Session elevated to read-write. Every statement is audited.");
                },
                failure -> {
                    busy.set(false);
                    dialogs.showError("Elevation refused", Problems.describe(failure));
                });
    }

    private void updateElevation() {
        canElevate.set(
                active.get() && writeElevationAllowed && banner.modeProperty().get() == Mode.READ_ONLY);
    }

    /** Closes the session after confirmation. */
    public void close() {
        if (active.get()
                && !dialogs.confirm(
                        "Close session",
                        "Close the session to " + target.target() + " / " + target.database()
                                + "? Running statements are cancelled.")) {
            return;
        }
        busy.set(true);
        boolean wasActive = active.get();
        work.submit(
                "session-close",
                () -> {
                    if (wasActive) {
                        handle.close();
                    }
                    return true;
                },
                // The window stays on the ended session: its evidence pack can be saved before "New session…".
                ok -> {
                    busy.set(false);
                    onEnded(SessionEnd.CLOSED, "");
                },
                failure -> {
                    busy.set(false);
                    onEnded(SessionEnd.CLOSED, Problems.describe(failure));
                });
    }

    /** "Connect a client…": the one endpoint view of this session. */
    public ClientEndpointViewModel clientEndpoint() {
        if (clientEndpoint == null) {
            clientEndpoint = new ClientEndpointViewModel(handle, work);
        }
        return clientEndpoint;
    }

    /**
     * After the session ended: asks where to save its evidence pack, writes it off the UI thread and says where it
     * went and whether it is signed.
     */
    public void saveEvidence() {
        if (active.get() || busy.get()) {
            return;
        }
        var file = dialogs.askSaveFile("Save evidence pack", "zip", "breakglass-evidence.zip");
        if (file.isEmpty()) {
            return;
        }
        busy.set(true);
        evidence.set("Writing the evidence pack…");
        work.submit(
                "evidence-pack",
                () -> handle.saveEvidence(file.get()),
                saved -> {
                    busy.set(false);
                    evidence.set("Evidence pack saved to " + saved.file() + " ("
                            + (saved.signed() ? "signed" : "unsigned: the policy names no audit.signingKey") + ", "
                            + saved.entries() + " entries, manifest sha256 " + saved.manifestSha256() + ").");
                },
                failure -> {
                    busy.set(false);
                    evidence.set("The evidence pack was not saved: " + Problems.describe(failure));
                });
    }

    /** What the last "Save evidence pack…" did. */
    public ReadOnlyStringProperty evidenceProperty() {
        return evidence.getReadOnlyProperty();
    }

    /** Leaves an ended session's window for the start screen. */
    public void leave() {
        if (!active.get()) {
            onClosed.run();
        }
    }

    public SessionHandle handle() {
        return handle;
    }

    public TargetChoice target() {
        return target;
    }

    public BannerViewModel banner() {
        return banner;
    }

    private final ObservableList<JournalLine> auditView = FXCollections.unmodifiableObservableList(audit);

    public ObservableList<JournalLine> audit() {
        return auditView;
    }

    public ReadOnlyBooleanProperty activeProperty() {
        return active.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty endMessageProperty() {
        return endMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canElevateProperty() {
        return canElevate.getReadOnlyProperty();
    }
}
