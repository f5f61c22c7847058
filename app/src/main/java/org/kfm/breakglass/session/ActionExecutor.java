package org.kfm.breakglass.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.audit.AuditTrail;
import org.kfm.breakglass.audit.EventDraft;
import org.kfm.breakglass.audit.EventType;
import org.kfm.breakglass.audit.StatementRecord;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.TunnelListener;
import org.kfm.breakglass.kube.TunnelState;
import org.kfm.breakglass.kube.TunnelSupervisor;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.QueryOutcome;
import org.kfm.breakglass.sql.SqlFailure;
import org.kfm.breakglass.sql.StatementClass;

/**
 * What each {@link PrivilegedAction} does: one case per action, each finding what its record needs (checks, the
 * pod, a classification), describing the action as its record, and giving the effect that runs once the record is
 * durable. The only class that sends SQL ({@code DatabaseLink.execute/explain/commit/rollback}; ArchitectureTest
 * holds that), always inside an effect of {@link RunStatement}, {@link Commit} or {@link Rollback}.
 */
final class ActionExecutor {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final BreakGlassSession session;
    private final SessionContext ctx;
    private final ClusterAccess access;
    private final AuditTrail trail;
    private final SessionJournal journal;
    private final SessionResources held;
    private final TimeBox timeBox;
    private final StatementActivity activity;
    private final TunnelListener tunnelWatch;
    private final ScriptGate gate;
    /** The issuer's steps on the session's own role; null under {@code sessionCredentials: secret}. */
    private volatile SessionRoleSteps roleSteps;

    ActionExecutor(
            BreakGlassSession session,
            SessionContext ctx,
            ClusterAccess access,
            AuditTrail trail,
            SessionJournal journal,
            SessionResources held,
            TimeBox timeBox,
            StatementActivity activity,
            TunnelListener tunnelWatch) {
        this.session = session;
        this.ctx = ctx;
        this.access = access;
        this.trail = trail;
        this.journal = journal;
        this.held = held;
        this.timeBox = timeBox;
        this.activity = activity;
        this.tunnelWatch = tunnelWatch;
        this.gate = new ScriptGate(journal, ctx.policy().session().maxScriptBytes());
    }

    <R> ActionPlan<R> plan(PrivilegedAction<R> action) throws SessionFailure {
        ActionPlan<?> plan = switch (action) {
            case Preflight preflight -> preflight(preflight);
            case AcknowledgeWarnings ack ->
                ActionPlan.journaled(ack.describe(held.warnings()), () -> {
                    held.acknowledgeWarnings();
                    return null;
                });
            case OpenTunnel open -> openTunnel(open);
            case AfterLoginChecks checks -> afterLoginChecks(checks);
            case RunScript script -> ActionPlan.byItsParts(() -> runScript(script));
            case RunStatement statement -> ActionPlan.journaled(statement.describe(), () -> send(statement));
            case Commit commit -> finishTransaction(commit.describe(), true);
            case Rollback rollback -> finishTransaction(rollback.describe(), false);
            case Elevate elevate -> elevate(elevate);
            case Extend extend -> extend(extend);
            case EndElevation end ->
                ActionPlan.journaled(end.describe(), () -> {
                    held.cancel();
                    SessionRole own = held.database().sessionRole();
                    if (own != null && held.mode() != AccessMode.READ_ONLY) {
                        // Every backend of the role ends with the revoke (a SET ROLE would outlive it).
                        session.perform(new RevokeSessionWriter(own.name(), roleOf(held.mode())));
                    }
                    login(AccessMode.READ_ONLY);
                    // Endpoint clients keep the login they connected with: a writer's must not outlive the box.
                    held.dropEndpointClients("the write elevation ended; reconnect to continue read-only");
                    session.notice("elevation ended: back to read-only as "
                            + held.database().dbUser());
                    return null;
                });
            case Smoke smoke -> {
                var results = new SmokeChecks(ctx, access, sql -> admittedRows(sql, AccessMode.READ_ONLY)).run();
                yield ActionPlan.journaled(smoke.describe(results), () -> results);
            }
            case ReadSchema read -> ActionPlan.byItsParts(() -> SchemaCatalog.read(this::operatorRows));
            case RecordExport export -> ActionPlan.journaled(export.describe(), () -> null);
            case OpenEndpoint open ->
                ActionPlan.journaled(open.describe(), () -> {
                    held.endpoint(open.closer());
                    return new EndpointAccess(session, ctx, held, journal, timeBox);
                });
            case AdmitClient admit -> touched(admit.describe());
            case RefuseClient refuse -> ActionPlan.journaled(refuse.describe(), () -> null);
            case BeginClientStatement begin -> touched(begin.describe());
            case DenyClientStatement deny -> ActionPlan.byItsParts(() -> denyClient(deny));
            case RecordMapView view -> ActionPlan.journaled(view.describe(), () -> null);
            case SweepSessionRoles sweep ->
                ActionPlan.journaled(sweep.describe(), () -> {
                    roleSteps.sweep(sweep.roles());
                    return null;
                });
            case IssueSessionRole issue ->
                ActionPlan.journaled(issue.describe(roleSteps.connectionLimit(), roleSteps.issuerSecret()), () -> {
                    // Held before it exists: a failure half-way still drops whatever was created.
                    held.database().useSessionRole(issue.role());
                    roleSteps.issue(issue.role(), issue.readerRole());
                    return null;
                });
            case GrantSessionWriter grant ->
                ActionPlan.journaled(grant.describe(), () -> {
                    roleSteps.grant(held.database().sessionRole(), grant.writerRole());
                    return null;
                });
            case RevokeSessionWriter revoke ->
                ActionPlan.journaled(revoke.describe(), () -> {
                    roleSteps.revoke(held.database().sessionRole(), revoke.writerRole());
                    return null;
                });
            case ExtendSessionRole extendRole ->
                ActionPlan.journaled(extendRole.describe(), () -> {
                    roleSteps.extend(held.database().sessionRole(), extendRole.validUntil());
                    return null;
                });
            case DropSessionRole drop ->
                ActionPlan.journaled(drop.describe(), () -> {
                    roleSteps.drop(drop.roleName(), drop.elevated());
                    return null;
                });
            case ReadMapSource source ->
                // Only in a read-only session: the catalog questions are statements on the operator's link, and a
                // statement there rolls back a write transaction still waiting for its commit.
                held.mode() == AccessMode.READ_ONLY
                        ? ActionPlan.byItsParts(() -> MapSourceCatalog.read(this::operatorRows, source))
                        : ActionPlan.byItsParts(() -> MapSource.notOneTable(
                                source.column(),
                                "asked only in a read-only session: a catalog question now would roll back the"
                                        + " open write transaction"));
        };
        @SuppressWarnings("unchecked") // each case's plan returns what its action's type argument says
        ActionPlan<R> typed = (ActionPlan<R>) plan;
        return typed;
    }

    /** An endpoint client's step: journaled, and activity for the idle timeout. */
    private ActionPlan<Void> touched(EventDraft record) {
        return ActionPlan.journaled(record, () -> {
            timeBox.touch();
            return null;
        });
    }

    /** {@code query.denied} for a client's statement, journaled locally even while a remote sink is down. */
    private Void denyClient(DenyClientStatement deny) throws SessionFailure {
        timeBox.touch();
        try {
            journal.denied(deny.statement(), deny.reason());
        } catch (org.kfm.breakglass.audit.AuditUnavailableException e) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, "no audit, no access: " + e.getMessage(), e);
        }
        return null;
    }

    private ActionPlan<List<CheckResult>> preflight(Preflight preflight) {
        var outcome = new PreflightRunner(ctx, access, trail).run(preflight.progress());
        var results = outcome.results();
        return ActionPlan.journaled(preflight.describe(results), () -> {
            if (CheckResult.anyFailed(results)) {
                String failed = String.join(
                        "; ",
                        results.stream()
                                .filter(r -> r.verdict() == Verdict.FAIL)
                                .map(r -> r.name() + ": " + r.reason())
                                .toList());
                session.end(SessionEnd.FAILED, "refused by preflight: " + failed);
                throw new SessionFailure(
                        outcome.serverUnreachable() ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.DENIED,
                        "preflight failed — " + failed);
            }
            held.preflightPassed(results);
            session.moveTo(SessionState.PREFLIGHTED, "preflight passed");
            return results;
        });
    }

    /** Resolves a Ready pod (no forward yet); the effect logs in through the first forward. */
    private ActionPlan<Void> openTunnel(OpenTunnel open) throws SessionFailure {
        var tunnel = new TunnelSupervisor(
                access,
                ctx.namespace(),
                ctx.target(),
                READY_TIMEOUT,
                Duration.ofSeconds(1),
                ctx.policy().targets().conventions());
        held.tunnel(tunnel);
        var pod = tunnel.open();
        held.pod(pod);
        journal.podIs(pod);
        var reader = LoginSecret.layout(ctx.policy(), ctx.target(), tunnel.resolvedTarget(), AccessMode.READ_ONLY);
        return ActionPlan.journaled(open.describe(pod, tunnel.resolvedTarget(), reader), () -> {
            tunnel.addListener(tunnelWatch);
            held.database(new DatabaseAccess(ctx, access, tunnel));
            if (ctx.policy().sessionCredentials().perSession()) {
                issueSessionRole(tunnel);
            }
            login(AccessMode.READ_ONLY);
            return null;
        });
    }

    private ActionPlan<List<CheckResult>> afterLoginChecks(AfterLoginChecks checks) throws SessionFailure {
        ConsoleQuery console = sql -> {
            var rows = new RowCollector();
            session.perform(RunStatement.console(sql, rows));
            return rows.rows();
        };
        var results = List.of(
                PostgisCheck.run(console),
                PrivilegeCheck.run(
                        console,
                        held.database().dbUser(),
                        ctx.policy().targets().allowSuperuser()),
                // No statement: the login asked the server already (DatabaseLink.inRecovery).
                ServerRoleCheck.result(
                        ctx.target(), held.pod().name(), held.database().serverRole()));
        return ActionPlan.journaled(checks.describe(results), () -> {
            results.stream().filter(r -> r.verdict() == Verdict.WARN).forEach(r -> session.notice(r.reason()));
            var failed =
                    results.stream().filter(r -> r.verdict() == Verdict.FAIL).toList();
            if (!failed.isEmpty()) {
                throw new SessionFailure(
                        SessionFailure.Kind.DENIED,
                        "refused after login — "
                                + String.join(
                                        "; ",
                                        failed.stream()
                                                .map(r -> r.name() + ": " + r.reason())
                                                .toList()));
            }
            return results;
        });
    }

    private List<StatementReport> runScript(RunScript script) throws SessionFailure {
        activity.started();
        timeBox.touch();
        try {
            reconnectIfDropped();
            var reports = new ArrayList<StatementReport>();
            for (var statement : gate.admit(script.sql(), held.mode(), link())) {
                reports.add(session.perform(RunStatement.admitted(statement, script.options(), script.sink())));
            }
            return reports;
        } finally {
            activity.finished();
            timeBox.touch();
            session.endOnAlarm();
        }
    }

    /** The rows of a statement run as the operator's (the schema browser's catalog queries). */
    private List<List<Object>> operatorRows(String sql) throws SessionFailure {
        var rows = new RowCollector();
        session.perform(new RunScript(sql, RunOptions.defaults(), rows));
        return rows.rows();
    }

    /** The rows of a script admitted as {@code mode} would admit it (the smoke checks run as read-only). */
    private List<List<Object>> admittedRows(String sql, AccessMode mode) throws SessionFailure {
        var rows = new RowCollector();
        for (var statement : gate.admit(sql, mode, link())) {
            session.perform(RunStatement.admitted(statement, RunOptions.defaults(), rows));
        }
        return rows.rows();
    }

    private StatementReport send(RunStatement statement) throws SessionFailure {
        DatabaseLink link = link();
        String cls = statement.cls().name();
        long start = System.nanoTime();
        QueryOutcome outcome;
        try {
            outcome = statement.explain()
                    ? link.explain(statement.sql(), statement.options(), statement.sink())
                    : link.execute(statement.sql(), statement.options(), statement.sink());
        } catch (SqlFailure e) {
            throw failed(statement.sql(), cls, start, e);
        }
        journal.outcome(EventDraft.of(EventType.QUERY_END)
                .withStatement(new StatementRecord(
                        statement.sql(),
                        cls,
                        outcome.rows(),
                        outcome.durationMs(),
                        outcome.sqlstate(),
                        outcome.columns(),
                        outcome.resultSha256(),
                        null)));
        return new StatementReport(
                statement.sql(),
                cls,
                outcome.rows(),
                outcome.durationMs(),
                outcome.columns(),
                outcome.resultSha256(),
                outcome.truncated());
    }

    private ActionPlan<Void> finishTransaction(EventDraft record, boolean commit) throws SessionFailure {
        DatabaseLink link = link();
        if (!link.transactionPending()) {
            throw new SessionFailure(
                    SessionFailure.Kind.USAGE,
                    SqlStates.NO_ACTIVE_SQL_TRANSACTION,
                    "no write transaction is pending",
                    null);
        }
        String verb = record.stmt().sql();
        String cls = StatementClass.MISC.name();
        return ActionPlan.journaled(record, () -> {
            long start = System.nanoTime();
            try {
                if (commit) {
                    link.commit();
                } else {
                    link.rollback();
                }
            } catch (SqlFailure e) {
                throw failed(verb, cls, start, e);
            }
            journal.outcome(EventDraft.of(EventType.QUERY_END)
                    .withStatement(
                            new StatementRecord(verb, cls, 0L, millisSince(start), null, List.of(), null, null)));
            return null;
        });
    }

    private ActionPlan<Void> elevate(Elevate elevate) throws SessionFailure {
        AccessMode wanted = elevate.second().mode();
        // Refused before any record claims the elevation, like the policy's refusals.
        var onReplica = ServerRoleCheck.elevationRefusal(
                ctx.target(), held.pod().name(), held.database().serverRole());
        if (onReplica.isPresent()) {
            throw onReplica.get();
        }
        Duration length = elevate.grantedLength(ctx.policy(), held.database().database());
        return ActionPlan.journaled(elevate.describe(length), () -> {
            SessionRole own = held.database().sessionRole();
            if (own != null) {
                session.perform(new GrantSessionWriter(own.name(), roleOf(wanted)));
            }
            login(wanted);
            Instant ends = ctx.clock().instant().plus(length);
            held.elevationEndsAt(ends.isAfter(timeBox.expiresAt()) ? timeBox.expiresAt() : ends);
            session.notice("elevated to " + wanted.wireName() + " as "
                    + held.database().dbUser() + " until "
                    + held.elevationEndsAt()
                    + "; each statement runs in a transaction that is rolled back unless you commit");
            return null;
        });
    }

    private ActionPlan<Void> extend(Extend extend) throws SessionFailure {
        extend.check(ctx.policy());
        return ActionPlan.journaled(extend.describe(held.mode()), () -> {
            timeBox.extend(extend.renewal().duration());
            SessionRole own = held.database() == null ? null : held.database().sessionRole();
            if (own != null) {
                // The role's logins end with the session: its VALID UNTIL follows the new expiry.
                session.perform(new ExtendSessionRole(own.name(), timeBox.expiresAt()));
            }
            return null;
        });
    }

    /**
     * Under {@code sessionCredentials: per-session}: sweeps the roles of ended sessions this journal knows, then
     * has the issuer create the session's own role, each a journaled step; the logins after it are as that role.
     */
    private void issueSessionRole(TunnelSupervisor tunnel) throws SessionFailure {
        DatabaseAccess database = held.database();
        var steps = new SessionRoleSteps(ctx, access, tunnel, database.databaseToOpen());
        roleSteps = steps;
        var leftovers = steps.sweepable(EndedSessionRoles.in(trail.journalDirectory()));
        if (!leftovers.isEmpty()) {
            session.perform(new SweepSessionRoles(leftovers));
            session.notice("dropped the database roles of ended sessions: " + String.join(", ", leftovers));
        }
        var role = SessionRole.forSession(ctx.id().toString(), timeBox.expiresAt());
        session.perform(new IssueSessionRole(role, roleOf(AccessMode.READ_ONLY)));
    }

    /** The database role {@code mode}'s Secret logs in as (its password is read and wiped at once). */
    private String roleOf(AccessMode mode) throws SessionFailure {
        var credentials = held.database().credentials(mode);
        try {
            return credentials.user();
        } finally {
            credentials.destroy();
        }
    }

    /** The session's own role to drop at its end, when it has one. */
    java.util.Optional<DropSessionRole> sessionRoleToDrop(String reason) {
        DatabaseAccess database = held.database();
        SessionRole own = database == null ? null : database.sessionRole();
        if (own == null || roleSteps == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DropSessionRole(own.name(), own.elevated(), reason));
    }

    /** Logs in as {@code mode}'s role (replacing any login); later records carry the mode and the user. */
    private void login(AccessMode mode) throws SessionFailure {
        DatabaseAccess database = held.database();
        database.login(mode);
        // The server's word on its role, at every login: a stale primary label must not give a standby session.
        var refused = ServerRoleCheck.refusal(ctx.target(), held.pod().name(), database.serverRole(), mode);
        if (refused.isPresent()) {
            database.close();
            held.loginTrusted(false);
            throw refused.get();
        }
        held.loginTrusted(true);
        held.mode(mode);
        journal.modeIs(mode);
        journal.loginIs(database.database(), database.dbUser());
        if (ctx.database() == null && mode == AccessMode.READ_ONLY) {
            session.notice(
                    "database " + database.database() + " from Secret " + database.secretName() + " (no -d given)");
        }
    }

    /** After a drop the old login is gone; log in again through the re-resolved pod before the next statement. */
    private void reconnectIfDropped() throws SessionFailure {
        TunnelSupervisor tunnel = held.tunnel();
        // While the supervisor reports OPEN (it polls the pod and its forwards) and has reported no drop since the
        // login, the link is used without an isValid round trip; a forward lost since its last poll shows up as
        // the statement's connection failure (journaled as query.failed), and the drop then forces a new login.
        if (tunnel.state() == TunnelState.OPEN
                && held.loginTrusted()
                && held.database().open()) {
            return;
        }
        if (held.database().alive()) {
            return;
        }
        if (tunnel.state() != TunnelState.OPEN) {
            throw new SessionFailure(
                    SessionFailure.Kind.CONNECTION,
                    "the tunnel is " + tunnel.state()
                            + ": waiting for a Ready pod; try again in a moment or close the session");
        }
        login(held.mode());
    }

    private DatabaseLink link() {
        return held.database().link();
    }

    /** Journals {@code query.failed}; an integrity alarm ends the session, a lost link is a connection failure. */
    private SessionFailure failed(String sql, String cls, long start, SqlFailure failure) {
        journal.outcome(EventDraft.of(EventType.QUERY_FAILED)
                .withStatement(new StatementRecord(
                        sql,
                        cls,
                        null,
                        millisSince(start),
                        failure.sqlstate(),
                        List.of(),
                        null,
                        failure.getMessage())));
        if (failure.alarm()) {
            held.alarm(failure.serverMessage());
            return new SessionFailure(SessionFailure.Kind.DENIED, failure.serverMessage(), failure);
        }
        boolean connectionLost =
                failure.sqlstate() != null && failure.sqlstate().startsWith("08")
                        || !held.database().alive();
        if (connectionLost) {
            held.loginTrusted(false); // the next statement probes the link and logs in again if it is gone
        }
        String advice = failure.advice() == null || failure.advice().isBlank() ? "" : " — " + failure.advice();
        return new SessionFailure(
                connectionLost ? SessionFailure.Kind.CONNECTION : SessionFailure.Kind.SQL,
                (failure.sqlstate() == null ? "" : "SQLSTATE " + failure.sqlstate() + ": ")
                        + failure.serverMessage()
                        + (failure.position() > 0 ? " (at character " + failure.position() + ")" : "")
                        + advice,
                failure);
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }
}
