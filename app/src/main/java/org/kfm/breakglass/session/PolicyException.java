package org.kfm.breakglass.session;

/** The policy file cannot be used; the message names the file, the line when known, and what to fix. */
public final class PolicyException extends Exception {
    public PolicyException(String message) {
        super(message);
    }
}
