package org.kfm.breakglass.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The faults currently switched on in the fake cluster; read by the dispatcher on every request. */
final class FaultState {

    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile int apiFailureStatus;
    private volatile Duration latency = Duration.ZERO;

    /**
     * Denies {@code verb:resource} pairs, e.g. {@code get:secrets}, {@code list:pods},
     * {@code create:pods/portforward}; {@code *} matches any verb or resource.
     */
    void deny(String... verbResourcePairs) {
        for (String pair : verbResourcePairs) {
            String[] parts = pair.trim().split("[:\\s]+");
            if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                throw new IllegalArgumentException("RBAC rule '" + pair
                        + "' is not 'verb:resource' (for example 'get:secrets' or 'create:pods/portforward')");
            }
            denied.add(parts[0].toLowerCase(Locale.ROOT) + ":" + parts[1].toLowerCase(Locale.ROOT));
        }
    }

    void allowAll() {
        denied.clear();
    }

    boolean denies(String verb, String resource) {
        return denied.contains(verb + ":" + resource)
                || denied.contains("*:" + resource)
                || denied.contains(verb + ":*")
                || denied.contains("*:*");
    }

    void failApi(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("failApi needs an HTTP error status 400..599, got " + status);
        }
        apiFailureStatus = status;
    }

    void clearApiFailures() {
        apiFailureStatus = 0;
    }

    /** The status every API request answers with, or 0 when the API is healthy. */
    int apiFailureStatus() {
        return apiFailureStatus;
    }

    void latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + delay);
        }
        latency = delay;
    }

    Duration latency() {
        return latency;
    }
}
