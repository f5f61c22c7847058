package org.kfm.breakglass.session;

/** A kubeconfig context as the start screen lists it; {@code insecureTls} is shown in red. */
public record ContextSummary(
        String name, String server, String namespace, String user, boolean current, boolean insecureTls) {}
