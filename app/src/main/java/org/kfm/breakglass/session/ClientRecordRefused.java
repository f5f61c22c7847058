package org.kfm.breakglass.session;

/**
 * A record of endpoint client activity the session would not make durable: a required audit sink did not take it
 * ({@link #sink()} names it), or the session is no longer open ({@code session}). The endpoint does not do what
 * the record was for.
 */
public final class ClientRecordRefused extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sink;

    ClientRecordRefused(String sink, String message, Throwable cause) {
        super(message, cause);
        this.sink = sink;
    }

    public String sink() {
        return sink;
    }

    static ClientRecordRefused of(SessionFailure failure) {
        return new ClientRecordRefused(sinkOf(failure), failure.getMessage(), failure);
    }

    private static String sinkOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.kfm.breakglass.audit.AuditUnavailableException e
                    && !e.failingSinks().isEmpty()) {
                return String.join(", ", e.failingSinks());
            }
        }
        return "session";
    }
}
