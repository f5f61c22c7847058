package org.kfm.breakglass.testkit;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults currently switched on in the fake cluster, and the operator's RBAC; read by the dispatcher on every
 * request.
 *
 * <p>The operator may do everything except what the stage overlay's {@code breakglass-witness} Role withholds:
 * ConfigMaps (where the console's witness objects live) can be created, read and listed but not updated, patched
 * or deleted ({@link #WITHHELD}), as real RBAC with that Role and no broader grant would have it. Tests deny more
 * ({@link #deny}) or lift a withheld verb ({@link #grant}) to model an over-privileged operator.
 */
final class FaultState {

    /** Withheld by the stage RBAC unless a test grants them. */
    static final Set<String> WITHHELD =
            Set.of("update:configmaps", "patch:configmaps", "delete:configmaps", "deletecollection:configmaps");

    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Set<String> withheld = ConcurrentHashMap.newKeySet();
    private volatile int apiFailureStatus;
    private volatile Duration latency = Duration.ZERO;
    private volatile String username = AccessReviews.USERNAME;

    /**
     * Denies {@code verb:resource} pairs, e.g. {@code get:secrets}, {@code list:pods},
     * {@code create:pods/portforward}; {@code *} matches any verb or resource.
     */
    FaultState() {
        withheld.addAll(WITHHELD);
    }

    void deny(String... verbResourcePairs) {
        for (String pair : verbResourcePairs) {
            denied.add(rule(pair));
        }
    }

    /** Lifts a verb the stage RBAC withholds, e.g. {@code delete:configmaps}: an operator with a broader role. */
    void grant(String... verbResourcePairs) {
        for (String pair : verbResourcePairs) {
            String rule = rule(pair);
            if (!withheld.remove(rule)) {
                throw new IllegalArgumentException("'" + pair + "' is not withheld by the stage RBAC; withheld are "
                        + WITHHELD.stream().sorted().toList());
            }
        }
    }

    /** Back to the stage RBAC: no denials, the witness verbs withheld again. */
    void resetRbac() {
        denied.clear();
        withheld.addAll(WITHHELD);
    }

    /** The user the operator's token authenticates as (SelfSubjectReview), e.g. another person's kubeconfig. */
    void authenticateAs(String name) {
        username = name;
    }

    String username() {
        return username;
    }

    boolean denies(String verb, String resource) {
        return withheld.contains(verb + ":" + resource)
                || denied.contains(verb + ":" + resource)
                || denied.contains("*:" + resource)
                || denied.contains(verb + ":*")
                || denied.contains("*:*");
    }

    /** Whether the denial comes from the stage RBAC rather than from a test's fault. */
    boolean withholds(String verb, String resource) {
        return withheld.contains(verb + ":" + resource);
    }

    private static String rule(String pair) {
        String[] parts = pair.trim().split("[:\\s]+");
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("RBAC rule '" + pair
                    + "' is not 'verb:resource' (for example 'get:secrets' or 'create:pods/portforward')");
        }
        return parts[0].toLowerCase(Locale.ROOT) + ":" + parts[1].toLowerCase(Locale.ROOT);
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
