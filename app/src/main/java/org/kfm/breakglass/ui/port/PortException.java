package org.kfm.breakglass.ui.port;

/** A refused or failed engine action; the message is shown to the operator as-is, so it says what to do. */
public class PortException extends Exception {
    public PortException(String message) {
        super(message);
    }

    public PortException(String message, Throwable cause) {
        super(message, cause);
    }
}
