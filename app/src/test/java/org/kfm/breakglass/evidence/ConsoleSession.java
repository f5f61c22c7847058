package org.kfm.breakglass.evidence;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.kfm.breakglass.audit.AuditJustification;
import org.kfm.breakglass.audit.AuditSettings;
import org.kfm.breakglass.audit.AuditTarget;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.CheckResult;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.JournalReader;
import org.kfm.breakglass.audit.Operator;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.audit.TunnelChange;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.QueryOptions;
import org.kfm.breakglass.sql.RowSink;
import org.kfm.breakglass.sql.SqlFailure;

/**
 * A session as the console runs it, from the real parts below the session layer: the audit trail journals each
 * statement's {@code query.begin} before the real {@link DatabaseLink} sends it and its outcome after, the way
 * {@code session.StatementRunner} does. (The whole session over the fake cluster comes once LocalPostgis loads
 * pgaudit; until then this is what produces a journal and a server log of the same session.)
 */
final class ConsoleSession implements AutoCloseable {

    static final Operator OPERATOR = new Operator("alice", "laptop-17", "alice@kfm");

    final UUID id = UUID.randomUUID();
    final String applicationName = ConnectSpec.applicationNameFor(id.toString());
    private final AuditTrail trail;
    private final SessionRecorder recorder;
    private final DatabaseLink link;
    private final Path journal;
    private boolean ended;
    /** The last statement's failure (SQLSTATE and message), for assertion messages. */
    String lastError;

    ConsoleSession(PgAuditServer server, Path journal, String user, String password, boolean readOnly)
            throws Exception {
        this(server, journal, user, password, readOnly, AuditSettings.localOnly(journal));
    }

    ConsoleSession(
            PgAuditServer server, Path journal, String user, String password, boolean readOnly, AuditSettings settings)
            throws Exception {
        this(server, journal, user, password, readOnly, settings, "parcel 42 shows the wrong owner after the import");
    }

    ConsoleSession(
            PgAuditServer server,
            Path journal,
            String user,
            String password,
            boolean readOnly,
            AuditSettings settings,
            String reason)
            throws Exception {
        this.journal = journal;
        this.trail = AuditTrail.open(settings);
        var target = new AuditTarget(
                "stage",
                "https://api.stage.kfm:6443",
                "kfm-stage",
                "postgis",
                "postgis-0",
                "3f0c2a55-5d4e-4a61-9d57-0c1c9a1e0001",
                PgAuditServer.DATABASE,
                user);
        this.recorder = trail.beginSession(
                id,
                OPERATOR,
                target,
                new AuditJustification(reason, "INC-1234", 1800L, readOnly ? "read-only" : "read-write"));
        recorder.preflight(List.of(new CheckResult("rbac", "PASS", "can create pods/portforward")));
        recorder.tunnel(EventType.TUNNEL_OPEN, new TunnelChange("postgis-0", null, target.podUid(), "session start"));
        this.link = DatabaseLink.connect(
                () -> new Socket("127.0.0.1", server.port()),
                new ConnectSpec(
                        PgAuditServer.DATABASE,
                        user,
                        password.toCharArray(),
                        readOnly,
                        Duration.ofSeconds(30),
                        applicationName));
    }

    /** Journals and runs one statement; returns the rows, or -1 when it failed (journaled as query.failed). */
    long run(String sql, String cls) throws Exception {
        return run(sql, cls, QueryOptions.defaults(), false);
    }

    long run(String sql, String cls, QueryOptions options, boolean explain) throws Exception {
        recorder.queryBegin(StatementRecord.before(sql, cls));
        try {
            var o = explain
                    ? link.explain(sql, options, RowSink.discarding())
                    : link.execute(sql, options, RowSink.discarding());
            recorder.queryEnd(new StatementRecord(
                    sql, cls, o.rows(), o.durationMs(), o.sqlstate(), o.columns(), o.resultSha256(), null));
            return o.rows();
        } catch (SqlFailure e) {
            lastError = e.sqlstate() + " " + e.getMessage();
            recorder.queryFailed(
                    new StatementRecord(sql, cls, null, 0.5, e.sqlstate(), List.of(), null, e.getMessage()));
            return -1;
        }
    }

    /** A statement the console's gate refused: journaled as query.denied, never sent. */
    void deny(String sql, String cls, String reason) throws Exception {
        recorder.recordDenied(StatementRecord.before(sql, cls), reason);
    }

    /** Closes the link, journals the tunnel's close, ends and seals the session. */
    SessionHistory end() throws Exception {
        ended = true;
        link.close();
        recorder.tunnel(EventType.TUNNEL_CLOSE, new TunnelChange("postgis-0", null, null, "session end"));
        recorder.end("operator ended the session");
        trail.close();
        return history(journal, id);
    }

    static SessionHistory history(Path journal, UUID id) throws Exception {
        var events =
                JournalReader.read(List.of(journal), java.util.Optional.of(id)).events();
        return SessionHistory.of(id, events);
    }

    @Override
    public void close() throws Exception {
        if (!ended) {
            link.close();
            trail.close();
        }
    }
}
