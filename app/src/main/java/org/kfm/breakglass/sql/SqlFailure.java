package org.kfm.breakglass.sql;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.util.PSQLException;

/**
 * A statement or connection failed. Carries the SQLSTATE, the 1-based character position the server reported
 * (0 when none; for highlighting the offending token in the editor), the server's own message, and advice
 * saying what to do. Never carries credentials: pgjdbc's messages name the user, never the password.
 */
public final class SqlFailure extends Exception {

    private static final long serialVersionUID = 1L;

    /** The server's own wording (PostgreSQL 12-17, lc_messages C/English); other languages get the SQLSTATE's. */
    private static final Pattern NO_HBA_ENTRY =
            Pattern.compile("no pg_hba\\.conf entry for host \"(.*)\", user \"(.*)\", database \"(.*)\"(, .*)?");

    private static final Pattern HBA_REJECTS = Pattern.compile(
            "pg_hba\\.conf rejects connection for host \"(.*)\", user \"(.*)\", database \"(.*)\"(, .*)?");
    private static final Pattern NOT_PERMITTED_TO_LOG_IN = Pattern.compile("role \"(.*)\" is not permitted to log in");
    private static final Pattern NO_CONNECT_PRIVILEGE = Pattern.compile("permission denied for database \"(.*)\"");
    private static final Pattern NOT_ACCEPTING =
            Pattern.compile("database \"(.*)\" is not currently accepting connections");
    private static final Pattern ROLE_CONNECTION_LIMIT = Pattern.compile("too many connections for role \"(.*)\"");
    private static final String OPERATOR_HBA = "on CloudNativePG in spec.postgresql.pg_hba, on Zalando in "
            + "spec.patroni.pg_hba, on Crunchy PGO in spec.authentication.rules (5.8+) or "
            + "spec.patroni.dynamicConfiguration.postgresql.pg_hba, elsewhere in pg_hba.conf";

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
        return new SqlFailure(state, position, message, adviceFor(state, message), e);
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

    /** What to change, from the SQLSTATE and — for known login refusals — the server's message. */
    static String adviceFor(String state, String message) {
        if (state == null) {
            return "";
        }
        String text = message == null ? "" : message;
        Matcher m;
        if ((m = NO_HBA_ENTRY.matcher(text)).matches()) {
            return hbaAdvice("pg_hba.conf has no rule that admits", m);
        }
        if ((m = HBA_REJECTS.matcher(text)).matches()) {
            return hbaAdvice("a pg_hba.conf rule rejects", m);
        }
        if ((m = NOT_PERMITTED_TO_LOG_IN.matcher(text)).matches()) {
            return "role " + m.group(1) + " is NOLOGIN: point the target's Secret at a login role, or have the "
                    + "database owner run ALTER ROLE " + identifier(m.group(1)) + " LOGIN";
        }
        if ("42501".equals(state) && (m = NO_CONNECT_PRIVILEGE.matcher(text)).matches()) {
            return "the role may not connect to database " + m.group(1) + ": have its owner run GRANT CONNECT ON "
                    + "DATABASE " + identifier(m.group(1)) + " TO <the Secret's role>, or open another database (-d)";
        }
        if ((m = NOT_ACCEPTING.matcher(text)).matches()) {
            return "database " + m.group(1) + " does not allow connections (ALLOW_CONNECTIONS false, e.g. a "
                    + "template or one being dropped): open another database (-d)";
        }
        if ((m = ROLE_CONNECTION_LIMIT.matcher(text)).matches()) {
            return "role " + m.group(1) + " is at its CONNECTION LIMIT: close its other sessions, or have the owner "
                    + "raise it (ALTER ROLE " + identifier(m.group(1)) + " CONNECTION LIMIT n)";
        }
        return switch (state) {
            case "28P01" ->
                "password authentication failed: check the credentials in the database Secret "
                        + "(or the password typed at the prompt)";
            case "28000" -> "the server refused this role: check pg_hba.conf and that the role may log in";
            case "3D000" ->
                "the database does not exist: check the target's database name (-d; an operator's Secret names its "
                        + "application database in dbname)";
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

    /**
     * A port-forwarded connection arrives inside the pod on its loopback (the kubelet dials localhost in the pod's
     * network namespace: 127.0.0.1 or ::1, as the runtime resolves it), without TLS (the console's bytes already
     * travel inside the API server's TLS, ADR 0005): the rule to add says exactly that.
     */
    private static String hbaAdvice(String what, Matcher m) {
        String host = m.group(1);
        String user = m.group(2);
        String database = m.group(3);
        boolean loopback = host.equals("::1") || host.startsWith("127.");
        String mask = host.contains(":") ? "/128" : "/32";
        String rule = "host " + hbaName(database) + " " + hbaName(user) + " " + host + mask + " scram-sha-256";
        return what + " " + user + " to database " + database + " from " + host + " without TLS"
                + (loopback
                        ? ": port-forwarded connections arrive on the pod's own loopback (127.0.0.1 or ::1, whichever "
                                + "the node's runtime dials) and the console sends no TLS inside the tunnel, so a "
                                + "'hostssl'-only or IPv4-only pg_hba refuses them. Add '" + rule + "'"
                                + (host.contains(":")
                                        ? " (and the same for 127.0.0.1/32)"
                                        : " (and the same for ::1/128)")
                        : ": add '" + rule + "'")
                + " before any reject rule — " + OPERATOR_HBA + " — and reload the configuration";
    }

    /** A name as pg_hba.conf reads it: bare when it is a plain lower-case name and no keyword, else quoted. */
    private static String hbaName(String name) {
        boolean plain =
                name.matches("[a-z_][a-z0-9_$]*") && !name.matches("all|sameuser|samerole|samegroup|replication");
        return plain ? name : "\"" + name.replace("\"", "") + "\"";
    }

    /** An SQL identifier, quoted unless it is a plain lower-case name. */
    private static String identifier(String name) {
        return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String compose(String sqlstate, String message, String advice) {
        var text = (sqlstate == null ? "" : "[" + sqlstate + "] ") + message;
        return advice == null || advice.isEmpty() ? text : text + " — " + advice;
    }
}
