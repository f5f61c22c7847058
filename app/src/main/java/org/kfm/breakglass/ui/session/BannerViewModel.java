package org.kfm.breakglass.ui.session;

import java.time.Duration;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.ui.Tone;
import org.kfm.breakglass.ui.port.BannerInfo;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TunnelState;

/** The always-visible session banner: who/where/what mode, time left, tunnel state. */
public final class BannerViewModel {
    static final Duration WARN_BEFORE_EXPIRY = Duration.ofMinutes(5);

    private final ReadOnlyStringWrapper context = new ReadOnlyStringWrapper(this, "context", "");
    private final ReadOnlyStringWrapper namespace = new ReadOnlyStringWrapper(this, "namespace", "");
    private final ReadOnlyStringWrapper pod = new ReadOnlyStringWrapper(this, "pod", "");
    private final ReadOnlyStringWrapper database = new ReadOnlyStringWrapper(this, "database", "");
    private final ReadOnlyStringWrapper ticket = new ReadOnlyStringWrapper(this, "ticket", "");
    private final ReadOnlyObjectWrapper<Mode> mode = new ReadOnlyObjectWrapper<>(this, "mode", Mode.READ_ONLY);
    private final ReadOnlyStringWrapper modeText = new ReadOnlyStringWrapper(this, "modeText", "");
    private final ReadOnlyObjectWrapper<Tone> modeTone = new ReadOnlyObjectWrapper<>(this, "modeTone", Tone.SAFE);
    private final ReadOnlyStringWrapper timeLeft = new ReadOnlyStringWrapper(this, "timeLeft", "--:--");
    private final ReadOnlyObjectWrapper<Tone> timeTone = new ReadOnlyObjectWrapper<>(this, "timeTone", Tone.NEUTRAL);
    private final ReadOnlyObjectWrapper<TunnelState> tunnel =
            new ReadOnlyObjectWrapper<>(this, "tunnel", TunnelState.OPEN);
    private final ReadOnlyStringWrapper tunnelText = new ReadOnlyStringWrapper(this, "tunnelText", "OPEN");
    private final ReadOnlyStringWrapper tunnelDetail = new ReadOnlyStringWrapper(this, "tunnelDetail", "");
    private final ReadOnlyObjectWrapper<Tone> tunnelTone = new ReadOnlyObjectWrapper<>(this, "tunnelTone", Tone.SAFE);
    private final ReadOnlyBooleanWrapper pulsing = new ReadOnlyBooleanWrapper(this, "pulsing");

    public void show(BannerInfo info) {
        context.set(info.context());
        namespace.set(info.namespace());
        pod.set(info.pod());
        database.set(info.database());
        ticket.set(info.ticket());
        mode.set(info.mode());
        modeText.set(info.mode() == Mode.READ_WRITE ? "READ-WRITE" : "READ-ONLY");
        modeTone.set(info.mode() == Mode.READ_WRITE ? Tone.DANGER : Tone.SAFE);
    }

    public void timeLeft(Duration left) {
        timeLeft.set(format(left));
        timeTone.set(
                left.compareTo(WARN_BEFORE_EXPIRY) <= 0
                        ? (left.toSeconds() <= 60 ? Tone.DANGER : Tone.CAUTION)
                        : Tone.NEUTRAL);
    }

    /** mm:ss, minutes may exceed 59; negative durations show 00:00. */
    public static String format(Duration left) {
        long s = Math.max(0, left.toSeconds());
        return String.format("%02d:%02d", s / 60, s % 60);
    }

    public void tunnel(TunnelState state, String detail) {
        tunnel.set(state);
        tunnelText.set(state.name());
        tunnelDetail.set(detail == null ? "" : detail);
        tunnelTone.set(
                switch (state) {
                    case OPEN -> Tone.SAFE;
                    case RECONNECTING -> Tone.CAUTION;
                    case FAILED -> Tone.DANGER;
                    case CLOSED -> Tone.NEUTRAL;
                });
        pulsing.set(state == TunnelState.RECONNECTING);
    }

    public void ended(SessionEnd reason) {
        timeLeft.set(reason == SessionEnd.EXPIRED ? "EXPIRED" : "ENDED");
        timeTone.set(Tone.DANGER);
        if (tunnel.get() != TunnelState.FAILED) {
            tunnel(TunnelState.CLOSED, "");
        }
        pulsing.set(false);
    }

    public ReadOnlyStringProperty contextProperty() {
        return context.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty namespaceProperty() {
        return namespace.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty podProperty() {
        return pod.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty databaseProperty() {
        return database.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ticketProperty() {
        return ticket.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Mode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeTextProperty() {
        return modeText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> modeToneProperty() {
        return modeTone.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty timeLeftProperty() {
        return timeLeft.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> timeToneProperty() {
        return timeTone.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<TunnelState> tunnelProperty() {
        return tunnel.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tunnelTextProperty() {
        return tunnelText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty tunnelDetailProperty() {
        return tunnelDetail.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tone> tunnelToneProperty() {
        return tunnelTone.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty pulsingProperty() {
        return pulsing.getReadOnlyProperty();
    }
}
