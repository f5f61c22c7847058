package org.kfm.breakglass.ui;

import org.kfm.breakglass.ui.port.PortException;

/** Turns a failure into the one line the operator reads. */
public final class Problems {
    private Problems() {}

    public static String describe(Throwable t) {
        if (t instanceof PortException && t.getMessage() != null) {
            return t.getMessage();
        }
        String m = t.getMessage();
        return (m == null || m.isBlank()) ? t.getClass().getSimpleName() : m;
    }
}
