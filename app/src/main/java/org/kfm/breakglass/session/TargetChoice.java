package org.kfm.breakglass.session;

import java.nio.file.Path;

/**
 * Where the operator wants to go: a kubeconfig (null = {@code KUBECONFIG} or {@code ~/.kube/config}), a context
 * (null = current), a namespace (null = the context's), a target such as {@code svc/postgis:5432}, and the
 * database, which the operator always names.
 */
public record TargetChoice(Path kubeconfig, String context, String namespace, String target, String database) {
    public static final String DEFAULT_TARGET = "svc/postgis:5432";

    public TargetChoice {
        target = target == null || target.isBlank() ? DEFAULT_TARGET : target.strip();
    }
}
