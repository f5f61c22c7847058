package org.kfm.breakglass.evidence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.evidence.serverlog.ServerStatement;

/**
 * The session's backends' statements as executions: pgaudit writes one record per class and object of a statement
 * (a function call is a FUNCTION record and a READ record with the same text), so records of one backend's
 * statement id with the same text are one execution; a failed statement's {@code ERROR}/{@code STATEMENT} joins the
 * execution of the same text in the backend's latest statement id (pgaudit logged it before it failed), or stands
 * alone (it failed before pgaudit logged anything).
 */
final class ServerExecutions {

    /** One statement the server ran, and what the reconciliation made of it. */
    static final class Execution {
        final ServerStatement first;
        final String group;
        final String text;
        Long rows;
        String error;

        Status status = Status.UNJOURNALED;
        JournaledStatement journal;
        boolean explained;

        Execution(ServerStatement first, String group) {
            this.first = first;
            this.group = group;
            this.text = first.text();
        }

        String backendKey() {
            return first.source() + " " + first.backend();
        }

        boolean substatement() {
            return first.audit() != null && first.audit().substatementId() > 1;
        }
    }

    enum Status {
        MATCHED,
        CONSOLE,
        SUB,
        UNJOURNALED
    }

    private ServerExecutions() {}

    /** @param statements the selected statements, AUDITED or FAILED, each log's in log order */
    static List<Execution> of(List<ServerStatement> statements) {
        var groups = new LinkedHashMap<String, Map<String, Execution>>();
        var latestGroup = new HashMap<String, String>();
        var out = new ArrayList<Execution>();
        int alone = 0;
        for (var s : statements) {
            String backend = s.source() + " " + s.backend();
            if (s.kind() == ServerStatement.Kind.AUDITED) {
                String group = backend + " #" + s.audit().statementId();
                latestGroup.put(backend, group);
                var byText = groups.computeIfAbsent(group, g -> new LinkedHashMap<>());
                var e = byText.get(s.text());
                if (e == null) {
                    e = new Execution(s, group);
                    byText.put(s.text(), e);
                    out.add(e);
                }
                if (s.audit().rows() != null) {
                    e.rows = e.rows == null
                            ? s.audit().rows()
                            : Math.max(e.rows, s.audit().rows());
                }
            } else if (s.kind() == ServerStatement.Kind.FAILED) {
                var group = latestGroup.get(backend);
                var earlier = group == null ? null : groups.get(group).get(s.text());
                if (earlier != null && earlier.error == null) {
                    earlier.error = s.error();
                    continue;
                }
                var e = new Execution(s, backend + " failed-" + alone++);
                e.error = s.error();
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(
                (Execution e) -> e.first.time(), Comparator.nullsFirst(Comparator.naturalOrder())));
        return out;
    }
}
