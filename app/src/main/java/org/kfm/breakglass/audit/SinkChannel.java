package org.kfm.breakglass.audit;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One sink plus its backlog: lines it has not acknowledged are kept (in memory, for the life of the trail) and
 * re-sent in order before any newer line, so a sink that comes back catches up without gaps.
 */
final class SinkChannel {

    private static final System.Logger LOG = System.getLogger(SinkChannel.class.getName());

    private final SinkBinding binding;
    private final Deque<String> backlog = new ArrayDeque<>();
    private String lastError = "";

    SinkChannel(SinkBinding binding) {
        this.binding = binding;
    }

    /** Queues the line and delivers the backlog; true when everything up to this line is acknowledged. */
    boolean offer(String line) {
        backlog.addLast(line);
        return drain();
    }

    boolean drain() {
        boolean acknowledged = true;
        try {
            while (!backlog.isEmpty()) {
                try {
                    binding.sink().deliver(backlog.peekFirst());
                } catch (SpooledDeliveryException e) {
                    // The sink keeps it and delivers it itself; later lines must follow it there, in order.
                    acknowledged = false;
                    lastError = e.getMessage();
                }
                backlog.removeFirst();
            }
            if (!acknowledged) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "audit sink {0} has not acknowledged; {1} event(s) spooled ({2})",
                        binding.sink().name(),
                        binding.sink().pending(),
                        lastError);
            }
            return acknowledged;
        } catch (IOException | RuntimeException e) {
            lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            // Never the line itself: it may hold SQL text the diagnostic log should not copy.
            LOG.log(
                    System.Logger.Level.WARNING,
                    "audit sink {0} did not accept an event ({1}); {2} waiting",
                    binding.sink().name(),
                    lastError,
                    backlog.size());
            return false;
        }
    }

    SinkBinding binding() {
        return binding;
    }

    String lastError() {
        return lastError;
    }

    SinkStatus status() {
        return new SinkStatus(
                binding.sink().name(),
                binding.requirement(),
                backlog.isEmpty() && binding.sink().healthy(),
                backlog.size() + binding.sink().pending());
    }
}
