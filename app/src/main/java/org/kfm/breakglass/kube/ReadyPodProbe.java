package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;

/** Preflight: the target resolves to a Ready pod and an existing container port, and says by which route. */
public final class ReadyPodProbe implements PreflightProbe {

    private final TargetResolver resolver;
    private final String namespace;
    private final TargetRef target;

    public ReadyPodProbe(TargetResolver resolver, String namespace, TargetRef target) {
        this.resolver = resolver;
        this.namespace = namespace;
        this.target = target;
    }

    @Override
    public String name() {
        return "ready-pod";
    }

    @Override
    public CheckResult run() {
        try {
            return CheckResult.pass(name(), resolver.locate(namespace, target).describe());
        } catch (KubeAccessException e) {
            return CheckResult.fail(name(), e.getMessage());
        }
    }
}
