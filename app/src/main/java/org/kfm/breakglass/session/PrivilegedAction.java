package org.kfm.breakglass.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Something privileged a session does, as a command object (Scene Builder's {@code Job}): it says in which states
 * of the session it may run and what it is called in a refusal, and it describes itself as the audit record made
 * durable before it runs. {@link BreakGlassSession#perform} is the one door: state check, durable record, then
 * the effect, with outcomes journaled after the fact.
 *
 * <p>Adding an action is one record here plus its case in {@link ActionExecutor}: the switch there is exhaustive
 * over this sealed family, so the compiler names the place. An action made of other actions (a script is its
 * statements) is journaled by its parts, each of which goes through {@code perform} itself.
 *
 * @param <R> what the action returns to the caller
 */
public sealed interface PrivilegedAction<R>
        permits Preflight,
                AcknowledgeWarnings,
                OpenTunnel,
                AfterLoginChecks,
                RunScript,
                RunStatement,
                Commit,
                Rollback,
                Elevate,
                Extend,
                EndElevation,
                Smoke,
                ReadSchema,
                RecordExport,
                OpenEndpoint,
                AdmitClient,
                RefuseClient,
                BeginClientStatement,
                DenyClientStatement,
                RecordMapView,
                SweepSessionRoles,
                IssueSessionRole,
                ExtendSessionRole,
                GrantSessionWriter,
                RevokeSessionWriter,
                DropSessionRole,
                ReadMapSource {

    /** The states in which a session can do work on the database. */
    Set<SessionState> OPEN_STATES = EnumSet.of(SessionState.OPEN, SessionState.RECONNECTING);

    /** What the operator asked for, as a refusal names it: "cannot {@code verb} while the session is …". */
    String verb();

    /** Whether the action may run while the session is in {@code state}. */
    boolean mayRunIn(SessionState state);
}
