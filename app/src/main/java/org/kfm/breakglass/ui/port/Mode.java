package org.kfm.breakglass.ui.port;

/** Session mode; read-only is the default. */
public enum Mode {
    READ_ONLY("read-only"),
    READ_WRITE("read-write");

    private final String label;

    Mode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
