package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;

/** Preflight: the target resolves to a Ready pod and an existing container port. */
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
            var pod = resolver.resolve(namespace, target);
            return CheckResult.pass(
                    name(),
                    target + " → pod " + pod.name() + " (uid " + pod.uid() + ") port " + pod.containerPort()
                            + (pod.containerPortName().isEmpty() ? "" : " (" + pod.containerPortName() + ")"));
        } catch (KubeAccessException e) {
            return CheckResult.fail(name(), e.getMessage());
        }
    }
}
