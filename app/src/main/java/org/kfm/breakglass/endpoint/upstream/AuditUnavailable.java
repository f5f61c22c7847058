package org.kfm.breakglass.endpoint.upstream;

/** A journal record that could not be made durable; {@link #sink()} names the sink that failed. */
public final class AuditUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    private final String sink;

    public AuditUnavailable(String sink, String message) {
        super(message);
        this.sink = sink;
    }

    public String sink() {
        return sink;
    }
}
