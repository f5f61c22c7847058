package org.kfm.breakglass.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link BackgroundWork} on named virtual threads, results delivered through a {@link UiThread}. */
public final class VirtualThreadWork implements BackgroundWork {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualThreadWork.class);
    private final UiThread ui;

    public VirtualThreadWork(UiThread ui) {
        this.ui = ui;
    }

    @Override
    public <T> void submit(
            String name, Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        Thread.ofVirtual().name("ui-" + name).start(() -> {
            try {
                T result = work.call();
                ui.run(() -> onSuccess.accept(result));
            } catch (Exception | Error e) {
                LOG.debug("background work {} failed", name, e);
                ui.run(() -> onFailure.accept(e));
            }
        });
    }
}
