package org.kfm.breakglass.sql;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/**
 * A statement or connection failed. Carries the SQLSTATE, the 1-based character position the server reported
 * (0 when none; for highlighting the offending token in the editor), the server's own message, and advice
 * saying what to do. Never carries credentials: pgjdbc's messages name the user, never the password.
 */
public final class SqlFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final String sqlstate;
    private final int position;
    private final String serverMessage;
    private final String advice;
    private final boolean alarm;

    public SqlFailure(String sqlstate, int position, String serverMessage, String advice, Throwable cause) {
        this(sqlstate, position, serverMessage, advice, cause, false);
    }

    private SqlFailure(
            String sqlstate, int position, String serverMessage, String advice, Throwable cause, boolean alarm) {
        super(compose(sqlstate, serverMessage, advice), cause);
        this.sqlstate = sqlstate;
        this.position = position;
        this.serverMessage = serverMessage;
        this.advice = advice;
        this.alarm = alarm;
    }

    /** SQLSTATE (e.g. {@code 57014}), or null when the failure happened before the server answered. */
    public String sqlstate() {
        return sqlstate;
    }

    /** 1-based character position in the statement text reported by the server, 0 when unknown. */
    public int position() {
        return position;
    }

    /** The message as the server (or driver) worded it. */
    public String serverMessage() {
        return serverMessage;
    }

    /** What the operator should do about it; may be empty. */
    public String advice() {
        return advice;
    }

    static SqlFailure from(SQLException e) {
        var state = e.getSQLState();
        var position = 0;
        var message = e.getMessage();
        if (e instanceof PSQLException pe && pe.getServerErrorMessage() != null) {
            var server = pe.getServerErrorMessage();
            position = server.getPosition();
            message = server.getMessage();
        }
        return new SqlFailure(state, position, message, adviceFor(state), e);
    }

    static SqlFailure notSent(String message, String advice) {
        return new SqlFailure(null, 0, message, advice, null);
    }

    /** The statement ran but left the read-only transaction: the link is dropped and refuses from now on. */
    static SqlFailure alarm(String message) {
        return new SqlFailure(null, 0, message, "", null, true);
    }

    /** True when this is not an error of the statement but an integrity alarm about the session. */
    public boolean alarm() {
        return alarm;
    }

    private static String adviceFor(String state) {
        if (state == null) {
            return "";
        }
        return switch (state) {
            case "28P01" ->
                "password authentication failed: check the credentials in the database Secret "
                        + "(or the password typed at the prompt)";
            case "28000" -> "the server refused this role: check pg_hba.conf and that the role may log in";
            case "3D000" -> "the database does not exist: check the target's database name";
            case "57014" ->
                "the statement was cancelled (by request or by statement_timeout); narrow the query or "
                        + "raise the timeout";
            case "25006" -> "the session is read-only: elevate to read-write (a separately justified step) to write";
            case "42501" -> "the database role lacks the privilege for this";
            case "08000", "08001", "08003", "08004", "08006", "08007", "08P01" ->
                "the database connection (port-forward tunnel) is down or the pod is not accepting connections: "
                        + "check the tunnel state and reconnect";
            default -> state.startsWith("42") ? "fix the SQL at the marked position" : "";
        };
    }

    private static String compose(String sqlstate, String message, String advice) {
        var text = (sqlstate == null ? "" : "[" + sqlstate + "] ") + message;
        return advice == null || advice.isEmpty() ? text : text + " — " + advice;
    }
}
