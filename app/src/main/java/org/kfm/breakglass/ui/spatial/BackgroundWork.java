package org.kfm.breakglass.ui.spatial;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs work off the FX thread and hands the result back on it. Production: one named virtual thread per task;
 * tests: {@link #callerThread()}, which runs everything at once on the calling thread.
 */
public interface BackgroundWork {

    /** Runs {@code task} in the background, then {@code onFxThread} with its result (or {@code onFailure}). */
    <T> void run(String name, Callable<T> task, Consumer<T> onFxThread, Consumer<Exception> onFailure);

    static BackgroundWork virtualThreads() {
        return new BackgroundWork() {
            private static final Logger LOG = LoggerFactory.getLogger(BackgroundWork.class);

            @Override
            public <T> void run(String name, Callable<T> task, Consumer<T> onFxThread, Consumer<Exception> onFailure) {
                Thread.ofVirtual().name(name).start(() -> {
                    try {
                        T result = task.call();
                        Platform.runLater(() -> onFxThread.accept(result));
                    } catch (Exception e) {
                        LOG.warn("background task {} failed", name, e);
                        Platform.runLater(() -> onFailure.accept(e));
                    }
                });
            }
        };
    }

    static BackgroundWork callerThread() {
        return new BackgroundWork() {
            @Override
            public <T> void run(String name, Callable<T> task, Consumer<T> onFxThread, Consumer<Exception> onFailure) {
                T result;
                try {
                    result = task.call();
                } catch (Exception e) {
                    onFailure.accept(e);
                    return;
                }
                onFxThread.accept(result);
            }
        };
    }
}
