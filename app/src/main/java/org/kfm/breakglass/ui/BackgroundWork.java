package org.kfm.breakglass.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs slow work off the UI thread and hands the outcome back on it (JabRef's TaskExecutor, in small).
 * Production runs on named virtual threads; tests run on the caller's thread.
 */
public interface BackgroundWork {

    <T> void submit(String name, Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);

    /** Same-thread twin for view-model tests. */
    static BackgroundWork direct() {
        return new BackgroundWork() {
            @Override
            public <T> void submit(String name, Callable<T> work, Consumer<? super T> ok, Consumer<Throwable> fail) {
                T result;
                try {
                    result = work.call();
                } catch (Exception e) {
                    fail.accept(e);
                    return;
                }
                ok.accept(result);
            }
        };
    }
}
