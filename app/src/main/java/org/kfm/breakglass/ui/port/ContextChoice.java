package org.kfm.breakglass.ui.port;

/** A kubeconfig context. {@code insecureTls} when the cluster entry skips TLS verification (shown as a warning). */
public record ContextChoice(
        String name, String server, String defaultNamespace, boolean current, boolean insecureTls) {}
