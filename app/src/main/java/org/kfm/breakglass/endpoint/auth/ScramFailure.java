package org.kfm.breakglass.endpoint.auth;

/** A SCRAM exchange that must end: a malformed message, an unsupported option, or a wrong password. */
public final class ScramFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean wrongPassword;

    private ScramFailure(String message, boolean wrongPassword) {
        super(message);
        this.wrongPassword = wrongPassword;
    }

    static ScramFailure malformed(String message) {
        return new ScramFailure(message, false);
    }

    static ScramFailure badProof() {
        return new ScramFailure("password authentication failed", true);
    }

    /** True when the proof did not match (28P01); false for a protocol problem (08P01). */
    public boolean wrongPassword() {
        return wrongPassword;
    }
}
