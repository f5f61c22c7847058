package org.kfm.breakglass;

/** Composition root placeholder; replaced by the CLI/GUI launcher. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
