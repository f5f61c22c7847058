package org.kfm.breakglass.session;

import java.nio.file.Path;

/**
 * Where the operator wants to go: a kubeconfig (null = {@code KUBECONFIG} or {@code ~/.kube/config}), a context
 * (null = current), a namespace (null = the context's), a target such as {@code svc/postgis:5432} or
 * {@code cnpg/kfm:rw}, and the database (null = the one the target's Secret names, e.g. CloudNativePG's
 * {@code dbname}; the login fails asking for {@code -d} when it names none).
 */
public record TargetChoice(Path kubeconfig, String context, String namespace, String target, String database) {
    public static final String DEFAULT_TARGET = "svc/postgis:5432";

    public TargetChoice {
        target = target == null || target.isBlank() ? DEFAULT_TARGET : target.strip();
    }
}
