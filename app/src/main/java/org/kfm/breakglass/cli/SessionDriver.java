package org.kfm.breakglass.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.DurationText;
import org.kfm.breakglass.session.EndReconciliation;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.ServerRole;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.SessionListener;
import org.kfm.breakglass.session.SessionState;

/**
 * Walks a CLI session through the break-glass steps — justify, preflight, open — prints each step to stderr
 * (stdout carries only results), runs the command's work, and always closes. Maps failures to exit codes.
 */
final class SessionDriver {
    /** The command's work inside an open session; returns the exit code. */
    @FunctionalInterface
    interface Work {
        int run(BreakGlassSession session) throws SessionFailure;
    }

    /** Checks the command's own input against the policy before anything is opened or journaled. */
    @FunctionalInterface
    interface InputCheck {
        void check(SessionGateway gateway) throws SessionFailure;
    }

    private final SessionOptions options;
    private final PrintWriter err;

    SessionDriver(SessionOptions options, PrintWriter err) {
        this.options = options;
        this.err = err;
    }

    int run(boolean acknowledgeWarnings, Work work) {
        return run(acknowledgeWarnings, gateway -> {}, work);
    }

    int run(boolean acknowledgeWarnings, InputCheck input, Work work) {
        try {
            var gateway =
                    SessionGateway.create(Optional.ofNullable(options.policy), Optional.ofNullable(options.auditDir));
            input.check(gateway);
            var justification = options.justification(gateway.rules().defaultDuration());
            BreakGlassSession session = gateway.start(options.targetChoice(), justification);
            int code;
            try (session) {
                code = inSession(session, gateway, justification, acknowledgeWarnings, work);
            }
            return afterEnd(code, session);
        } catch (SessionFailure e) {
            err.println(label(e.kind()) + ": " + e.getMessage());
            return e.kind().exitCode();
        } catch (IllegalArgumentException e) {
            err.println("usage: " + e.getMessage());
            return 2;
        } finally {
            err.flush();
        }
    }

    private int inSession(
            BreakGlassSession session,
            SessionGateway gateway,
            Justification justification,
            boolean acknowledgeWarnings,
            Work work)
            throws SessionFailure {
        session.addListener(new StderrListener(err));
        err.println(
                "session " + session.id() + " · ticket " + justification.ticket() + " · journal " + gateway.auditDir());
        var checks = session.preflight(result -> {
            err.println("preflight " + result.line());
            err.flush();
        });
        if (CheckResult.anyWarned(checks)) {
            if (!acknowledgeWarnings) {
                err.println("preflight has warnings: read them, then re-run with --ack-warnings to go on");
                return 3;
            }
            session.acknowledgeWarnings();
        }
        session.open();
        var snapshot = session.snapshot();
        err.println("open: " + snapshot.context() + "/" + snapshot.namespace() + " pod " + snapshot.pod()
                + serverRole(snapshot.serverRole()) + " database " + snapshot.database() + " as " + snapshot.dbUser()
                + " ("
                + snapshot.mode().wireName() + ") · " + DurationText.format(snapshot.remaining())
                + " left, until " + snapshot.expiresAt());
        return work.run(session);
    }

    /**
     * The session's exit code, unless the reconciliation at session end found something run outside the console:
     * then 1 (a check found a problem) where the work itself succeeded.
     */
    private static int afterEnd(int code, BreakGlassSession session) {
        boolean problem =
                session.endReconciliation().map(EndReconciliation::foundProblem).orElse(false);
        return problem && code == 0 ? 1 : code;
    }

    /** {@code " (replica)"}: the banner says which server answers, as the server itself said at login. */
    static String serverRole(ServerRole role) {
        return role == null ? "" : " (" + role.wireName() + ")";
    }

    static String label(SessionFailure.Kind kind) {
        return switch (kind) {
            case USAGE -> "refused";
            case DENIED -> "denied";
            case CONNECTION -> "connection failed";
            case SQL -> "SQL error";
        };
    }

    /** Prints what the session does on its own (drops, reconnects, warnings, expiry) to stderr. */
    private static final class StderrListener implements SessionListener {
        private final PrintWriter err;

        StderrListener(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void stateChanged(SessionState state, String reason) {
            if (state == SessionState.RECONNECTING || state == SessionState.EXPIRED || state == SessionState.FAILED) {
                err.println("session " + state.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason);
                err.flush();
            }
        }

        @Override
        public void notice(String message) {
            err.println("notice: " + message);
            err.flush();
        }

        @Override
        public void reconciled(EndReconciliation result) {
            err.println(result.line());
            err.flush();
        }
    }
}
