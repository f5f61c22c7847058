package org.kfm.breakglass.session;

import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.audit.AuditUnavailableException;
import org.kfm.breakglass.audit.SessionRecorder;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.sql.ClassifiedStatement;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.QueryOptions;
import org.kfm.breakglass.sql.QueryOutcome;
import org.kfm.breakglass.sql.ResultColumn;
import org.kfm.breakglass.sql.RowSink;
import org.kfm.breakglass.sql.SqlFailure;
import org.kfm.breakglass.sql.StatementClass;
import org.kfm.breakglass.sql.StatementClassifier;

/**
 * Sends statements the audited way: classify, refuse before sending what the mode forbids ({@code query.denied}),
 * make {@code query.begin} durable, send, then journal {@code query.end} (rows, time, columns, result hash) or
 * {@code query.failed} (SQLSTATE). A required audit sink that cannot ack stops the statement before it is sent.
 */
final class StatementRunner {
    private final SessionRecorder recorder;
    private final DatabaseAccess database;
    private final long maxScriptBytes;
    private volatile String alarm;

    StatementRunner(SessionRecorder recorder, DatabaseAccess database, long maxScriptBytes) {
        this.recorder = recorder;
        this.database = database;
        this.maxScriptBytes = maxScriptBytes;
    }

    /** The integrity alarm a statement raised (the session must end), or null. */
    String alarm() {
        return alarm;
    }

    List<StatementReport> run(String script, RunOptions options, ResultReceiver receiver, AccessMode mode)
            throws SessionFailure {
        return run(script, options, adapt(receiver), mode);
    }

    List<StatementReport> run(String script, RunOptions options, RowSink sink, AccessMode mode) throws SessionFailure {
        SubmittedSql.check(script, maxScriptBytes);
        if (alarm != null) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, "not sent: " + alarm + "; start a new session");
        }
        // Lexed as the server lexes it now (standard_conforming_strings as pgjdbc last heard it from the server).
        List<ClassifiedStatement> statements =
                StatementClassifier.classify(script, database.link().lexerSettings());
        if (statements.isEmpty()) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "nothing to run: the text holds no SQL statement");
        }
        for (int i = 0; i < statements.size(); i++) {
            ClassifiedStatement statement = statements.get(i);
            var refusal = StatementGate.refusal(mode, statement);
            if (refusal.isPresent()) {
                // Name the statement when there are several: the split itself may be the surprise (a CR, a quote).
                String which = statements.size() == 1
                        ? ""
                        : "statement " + (i + 1) + " of " + statements.size() + " (" + snippet(statement.sql()) + "): ";
                deny(
                        statement,
                        which + refusal.get(),
                        statement.sendable() ? SessionFailure.Kind.DENIED : SessionFailure.Kind.USAGE);
            }
        }
        if (database.link().transactionPending()) {
            deny(
                    statements.get(0),
                    "a write transaction is pending: commit or roll back before the next statement",
                    SessionFailure.Kind.DENIED);
        }
        var reports = new ArrayList<StatementReport>();
        for (ClassifiedStatement statement : statements) {
            reports.add(runOne(statement, options, sink));
        }
        return reports;
    }

    /** Is PostGIS enabled in this database? The seed enables it per database, so a new one may lack it. */
    CheckResult postgisCheck() throws SessionFailure {
        List<List<Object>> versions;
        try {
            versions = consoleQuery("SELECT extversion FROM pg_extension WHERE extname = 'postgis'");
        } catch (SessionFailure e) {
            if (e.kind() != SessionFailure.Kind.SQL) {
                throw e;
            }
            return CheckResult.fail("database", "cannot read pg_extension: " + e.getMessage());
        }
        if (versions.isEmpty()) {
            return CheckResult.warn(
                    "database",
                    "PostGIS is not enabled in this database; the owner can enable it "
                            + "with: CREATE EXTENSION IF NOT EXISTS postgis;");
        }
        return CheckResult.pass("database", "PostGIS " + versions.get(0).get(0) + " enabled");
    }

    /**
     * A query the console itself sends (a check after login), on the operator's audited path: {@code query.begin}
     * is durable before it is sent (no audit, no access), {@code query.end} or {@code query.failed} follows. Its
     * rows are returned; a database error is a {@link SessionFailure.Kind#SQL} failure.
     */
    List<List<Object>> consoleQuery(String sql) throws SessionFailure {
        var rows = new ArrayList<List<Object>>();
        var sink = new RowSink() {
            @Override
            public void columns(List<ResultColumn> columns) {}

            @Override
            public void row(List<Object> values) {
                rows.add(values);
            }
        };
        String cls = StatementClass.READ.name();
        begin(StatementRecord.before(sql, cls), null);
        QueryOutcome outcome;
        long start = System.nanoTime();
        try {
            outcome = database.link().execute(sql, QueryOptions.defaults(), sink);
        } catch (SqlFailure e) {
            throw failed(
                    new StatementRecord(
                            sql, cls, null, millisSince(start), e.sqlstate(), List.of(), null, e.getMessage()),
                    e);
        }
        end(new StatementRecord(
                sql,
                cls,
                outcome.rows(),
                outcome.durationMs(),
                outcome.sqlstate(),
                outcome.columns(),
                outcome.resultSha256(),
                null));
        return rows;
    }

    void commit() throws SessionFailure {
        finishTransaction("COMMIT", true);
    }

    void rollback() throws SessionFailure {
        finishTransaction("ROLLBACK", false);
    }

    private void finishTransaction(String verb, boolean commit) throws SessionFailure {
        DatabaseLink link = database.link();
        if (!link.transactionPending()) {
            throw new SessionFailure(SessionFailure.Kind.USAGE, "no write transaction is pending");
        }
        begin(StatementRecord.before(verb, StatementClass.MISC.name()), null);
        long start = System.nanoTime();
        try {
            if (commit) {
                link.commit();
            } else {
                link.rollback();
            }
        } catch (SqlFailure e) {
            throw failed(
                    new StatementRecord(
                            verb,
                            StatementClass.MISC.name(),
                            null,
                            millisSince(start),
                            e.sqlstate(),
                            List.of(),
                            null,
                            e.getMessage()),
                    e);
        }
        end(new StatementRecord(verb, StatementClass.MISC.name(), 0L, millisSince(start), null, List.of(), null, null));
    }

    private StatementReport runOne(ClassifiedStatement statement, RunOptions options, RowSink sink)
            throws SessionFailure {
        String cls = statement.cls().name();
        begin(StatementRecord.before(statement.sql(), cls), statement);
        var queryOptions = new QueryOptions(
                options.fetchSize(),
                options.maxRows(),
                options.statementTimeout() == null ? java.time.Duration.ZERO : options.statementTimeout());
        long start = System.nanoTime();
        QueryOutcome outcome;
        try {
            DatabaseLink link = database.link();
            outcome = options.explain()
                    ? link.explain(statement.sql(), queryOptions, sink)
                    : link.execute(statement.sql(), queryOptions, sink);
        } catch (SqlFailure e) {
            throw failed(
                    new StatementRecord(
                            statement.sql(),
                            cls,
                            null,
                            millisSince(start),
                            e.sqlstate(),
                            List.of(),
                            null,
                            e.getMessage()),
                    e);
        }
        end(new StatementRecord(
                statement.sql(),
                cls,
                outcome.rows(),
                outcome.durationMs(),
                outcome.sqlstate(),
                outcome.columns(),
                outcome.resultSha256(),
                null));
        return new StatementReport(
                statement.sql(),
                cls,
                outcome.rows(),
                outcome.durationMs(),
                outcome.columns(),
                outcome.resultSha256(),
                outcome.truncated());
    }

    private void deny(ClassifiedStatement statement, String reason, SessionFailure.Kind kind) throws SessionFailure {
        try {
            recorder.recordDenied(
                    StatementRecord.before(statement.sql(), statement.cls().name()), reason);
        } catch (AuditUnavailableException e) {
            throw new SessionFailure(
                    kind, reason + " (and the refusal could not be " + "journaled: " + e.getMessage() + ")", e);
        }
        throw new SessionFailure(kind, reason);
    }

    private void begin(StatementRecord record, ClassifiedStatement statement) throws SessionFailure {
        try {
            recorder.queryBegin(record);
        } catch (IllegalStateException e) {
            // The session ended (expiry, close from another thread) between the state check and now.
            throw new SessionFailure(SessionFailure.Kind.DENIED, "not sent: the session has ended", e);
        } catch (AuditUnavailableException e) {
            String reason = "not sent: audit sink(s) " + String.join(", ", e.failingSinks())
                    + " cannot record it — no audit, no access; statements resume when the sink recovers";
            try {
                // Even when query.begin reached the local journal, the record must say it was never sent.
                recorder.recordDenied(record, reason);
            } catch (AuditUnavailableException again) {
                // The local journal is the last resort; its failure is part of the message already given.
            }
            throw new SessionFailure(SessionFailure.Kind.DENIED, reason, e);
        }
    }

    private void end(StatementRecord record) {
        try {
            recorder.queryEnd(record);
        } catch (IllegalStateException e) {
            org.slf4j.LoggerFactory.getLogger(StatementRunner.class)
                    .error("query.end could not be journaled: the session ended while the statement ran");
        } catch (AuditUnavailableException e) {
            // The statement already ran: the local journal has query.begin; the next statement will be refused.
            org.slf4j.LoggerFactory.getLogger(StatementRunner.class)
                    .error("query.end could not be delivered to every sink: {}", e.getMessage());
        }
    }

    private SessionFailure failed(StatementRecord record, SqlFailure failure) {
        try {
            recorder.queryFailed(record);
        } catch (IllegalStateException e) {
            org.slf4j.LoggerFactory.getLogger(StatementRunner.class)
                    .error("query.failed could not be journaled: the session ended while the statement ran");
        } catch (AuditUnavailableException e) {
            org.slf4j.LoggerFactory.getLogger(StatementRunner.class)
                    .error("query.failed could not be delivered to every sink: {}", e.getMessage());
        }
        if (failure.alarm()) {
            alarm = failure.serverMessage();
            return new SessionFailure(SessionFailure.Kind.DENIED, failure.serverMessage(), failure);
        }
        boolean connectionLost =
                failure.sqlstate() != null && failure.sqlstate().startsWith("08") || !database.alive();
        String advice = failure.advice() == null || failure.advice().isBlank() ? "" : " — " + failure.advice();
        return new SessionFailure(
                connectionLost ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.SQL,
                (failure.sqlstate() == null ? "" : "SQLSTATE " + failure.sqlstate() + ": ")
                        + failure.serverMessage()
                        + (failure.position() > 0 ? " (at character " + failure.position() + ")" : "")
                        + advice,
                failure);
    }

    /** The start of a statement for a message, control characters made visible. */
    private static String snippet(String sql) {
        var out = new StringBuilder();
        for (int i = 0; i < sql.length() && out.length() < 60; i++) {
            char c = sql.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default ->
                    out.append(Character.isISOControl(c) ? String.format("\\u%04X", (int) c) : String.valueOf(c));
            }
        }
        return out.length() < sql.length() ? out + "…" : out.toString();
    }

    static RowSink adapt(ResultReceiver receiver) {
        return new RowSink() {
            @Override
            public void columns(List<ResultColumn> columns) {
                receiver.columns(columns.stream()
                        .map(c -> new ResultReceiver.ColumnInfo(c.name(), c.pgType(), c.spatial()))
                        .toList());
            }

            @Override
            public void row(List<Object> values) {
                receiver.row(values.stream().map(StatementRunner::plain).toList());
            }
        };
    }

    /** Geometry values travel as their hex EWKB text; everything else is already a plain value. */
    private static Object plain(Object value) {
        return value instanceof org.kfm.breakglass.sql.EwkbValue ewkb ? ewkb.hex() : value;
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
