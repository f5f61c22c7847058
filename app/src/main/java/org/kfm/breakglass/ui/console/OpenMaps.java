package org.kfm.breakglass.ui.console;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kfm.breakglass.session.ViewedExtent;
import org.kfm.breakglass.ui.UiThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query tabs of one session window, asked by the session as it ends for what their maps showed and is not
 * journaled yet (ADR 0025): a map still showing at close, window close or expiry is not lost. The session asks from
 * its ending thread (a background worker, the ticker at expiry, or the FX thread when the window closes); the
 * results' views live on the FX thread, so the question hops there and waits a bounded time.
 */
public final class OpenMaps {
    private static final Logger LOG = LoggerFactory.getLogger(OpenMaps.class);
    /** The FX thread answers in microseconds; a wedged UI must not hold the session's end for long. */
    private static final long WAIT_SECONDS = 3;

    private final UiThread ui;
    private final List<QueryTabViewModel> tabs = new CopyOnWriteArrayList<>();

    public OpenMaps(UiThread ui) {
        this.ui = ui;
    }

    public QueryTabViewModel add(QueryTabViewModel tab) {
        tabs.add(tab);
        return tab;
    }

    /** The views not journaled yet, from any thread; empty (and logged) when the UI thread does not answer. */
    public List<ViewedExtent> takeViews() {
        var answer = new CompletableFuture<List<ViewedExtent>>();
        ui.run(() -> {
            try {
                var views = new ArrayList<ViewedExtent>();
                tabs.forEach(tab -> views.addAll(tab.takeMapViews()));
                answer.complete(views);
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the maps' views could not be collected at the session's end: {}", e.toString());
            return List.of();
        }
    }
}
