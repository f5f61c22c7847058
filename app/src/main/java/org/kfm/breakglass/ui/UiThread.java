package org.kfm.breakglass.ui;

/** Where view-model state may be touched. Production: the FX thread; tests: the caller's thread. */
@FunctionalInterface
public interface UiThread {

    void run(Runnable action);

    /** Runs actions on the caller's thread (view-model tests without a toolkit). */
    static UiThread direct() {
        return Runnable::run;
    }
}
