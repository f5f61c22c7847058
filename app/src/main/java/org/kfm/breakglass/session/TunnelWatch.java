package org.kfm.breakglass.session;

import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.kube.TunnelEvent;
import org.kfm.breakglass.kube.TunnelListener;

/**
 * What the session does when the tunnel supervisor reports: a drop is journaled ({@code tunnel.drop}) and the
 * session waits in RECONNECTING; a reconnect names the new pod before {@code tunnel.reconnect} is journaled; a
 * supervisor that gave up ends the session.
 */
final class TunnelWatch implements TunnelListener {
    private final BreakGlassSession session;
    private final SessionJournal journal;
    private final SessionResources held;

    TunnelWatch(BreakGlassSession session, SessionJournal journal, SessionResources held) {
        this.session = session;
        this.journal = journal;
        this.held = held;
    }

    @Override
    public void onTunnelEvent(TunnelEvent event) {
        SessionState state = session.state();
        if (state.ended() || state == SessionState.CLOSING) {
            return;
        }
        switch (event.state()) {
            case RECONNECTING -> {
                held.loginTrusted(false);
                journal.afterTheFact(record(EventType.TUNNEL_DROP, event));
                session.moveTo(SessionState.RECONNECTING, event.reason());
            }
            case OPEN -> {
                if (state == SessionState.RECONNECTING) {
                    // The target first: the reconnect record and every later one name the pod now forwarded to.
                    held.tunnel().currentPod().ifPresent(p -> {
                        held.pod(p);
                        journal.podIs(p);
                    });
                    journal.afterTheFact(record(EventType.TUNNEL_RECONNECT, event));
                    session.moveTo(SessionState.OPEN, "tunnel reconnected to " + event.pod());
                }
            }
            case FAILED -> {
                // The supervisor has given up (no Ready pod in time): nothing can run any more, so the session
                // ends now — journaled and sealed — instead of waiting forever in RECONNECTING.
                // Not on the supervisor's thread: closing the tunnel interrupts that thread, and an interrupted
                // thread cannot write the journal (its FileChannel refuses), so the end would go unrecorded.
                session.notice("tunnel failed: " + event.reason() + " — start a new session when the target is back");
                Thread.ofPlatform()
                        .daemon()
                        .name("breakglass-end-" + session.id().substring(0, 8))
                        .start(() -> session.end(SessionEnd.TUNNEL_FAILED, "tunnel failed: " + event.reason()));
            }
            case CONNECTING, CLOSED -> {}
        }
    }

    private static EventDraft record(EventType type, TunnelEvent event) {
        return EventDraft.of(type)
                .withTunnel(new TunnelChange(event.pod(), event.oldUid(), event.newUid(), event.reason()));
    }
}
