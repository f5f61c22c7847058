package org.kfm.breakglass.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditEvent;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;

/**
 * The values a webhook session summary's template is filled with ({@link SummaryTemplate#NAMES}), read back from
 * the sealed session's lines in the local journal: what the journal says, not what the session object remembers.
 * Only ids, counts, the end's reason and the verdict: never a statement's text, a parameter or a password.
 */
final class SessionSummary {

    private SessionSummary() {}

    static Map<String, String> values(Path auditDir, UUID session, Optional<EndReconciliation> reconciled)
            throws IOException {
        List<AuditEvent> events =
                JournalReader.read(List.of(auditDir), Optional.of(session)).events();
        String ticket = "";
        String operator = "";
        String ended = "";
        long statements = 0;
        for (var e : events) {
            if (e.type() == EventType.SESSION_START) {
                ticket = e.justification() != null && e.justification().ticket() != null
                        ? e.justification().ticket()
                        : "";
                operator = operator(e);
            } else if (e.type() == EventType.QUERY_BEGIN) {
                statements++;
            } else if (e.type() == EventType.SESSION_END) {
                ended = e.detail() == null ? "" : e.detail();
            }
        }
        var values = new LinkedHashMap<String, String>();
        values.put("sessionId", session.toString());
        values.put("ticket", ticket);
        values.put("operator", operator);
        values.put("ended", ended);
        values.put(
                "verdict",
                reconciled.map(EndReconciliation::verdict).orElse("not reconciled (reconcile.atSessionEnd is off)"));
        values.put("statements", Long.toString(statements));
        values.put(
                "evidenceHint",
                "breakglass evidence " + auditDir + " --session " + session + " --out " + session + ".zip");
        return values;
    }

    private static String operator(AuditEvent start) {
        var o = start.operator();
        if (o == null) {
            return "";
        }
        return o.kubeUser() != null ? o.kubeUser() : o.osUser() + "@" + o.host();
    }
}
