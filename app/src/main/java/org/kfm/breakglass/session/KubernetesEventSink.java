package org.kfm.breakglass.session;

import java.io.IOException;
import java.util.Map;
import org.kfm.breakglass.audit.AuditSink;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.ServiceEvents;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The best-effort audit sink that tells cluster admins: an Event on the target Service when a session opens,
 * elevates, expires or ends ("break-glass session opened by alice for INC-1234"). Other events are not sent —
 * statements stay in the journal and the remote sinks, not in the cluster's event stream.
 */
final class KubernetesEventSink implements AuditSink {
    private static final Map<String, String> REASONS = Map.of(
            "session.start", "BreakGlassOpened",
            "session.elevate", "BreakGlassElevated",
            "session.expire", "BreakGlassExpired",
            "session.end", "BreakGlassClosed",
            "session.abandoned", "BreakGlassAbandoned");

    private final ServiceEvents events;
    private final String service;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile boolean healthy = true;

    KubernetesEventSink(ServiceEvents events, String service) {
        this.events = events;
        this.service = service;
    }

    @Override
    public String name() {
        return "kubernetes-event Service/" + service;
    }

    @Override
    public void deliver(String canonicalLine) throws IOException {
        JsonNode event = json.readTree(canonicalLine);
        String type = event.path("type").asString();
        String reason = REASONS.get(type);
        if (reason == null) {
            return;
        }
        try {
            events.post(
                    type.equals("session.start") || type.equals("session.end") ? "Normal" : "Warning",
                    reason,
                    message(type, event));
            healthy = true;
        } catch (KubeAccessException e) {
            healthy = false;
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean healthy() {
        return healthy;
    }

    private static String message(String type, JsonNode event) {
        String who = event.path("operator").path("kubeUser").asString("unknown");
        String os = event.path("operator").path("osUser").asString("?") + "@"
                + event.path("operator").path("host").asString("?");
        String ticket = event.path("ticket").asString("?");
        String database = event.path("target").path("database").asString("?");
        String verb = switch (type) {
            case "session.start" -> "opened";
            case "session.elevate" ->
                "elevated to " + event.path("justification").path("mode").asString("?");
            case "session.expire" -> "expired";
            case "session.abandoned" -> "found abandoned";
            default -> "closed";
        };
        return "break-glass session " + event.path("session").asString("?").substring(0, 8) + " " + verb + " by " + who
                + " (" + os + ") for " + ticket + " on database " + database;
    }
}
