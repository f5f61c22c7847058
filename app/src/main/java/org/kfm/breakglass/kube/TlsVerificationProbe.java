package org.kfm.breakglass.kube;

import org.kfm.breakglass.check.CheckResult;

/** Preflight: the API server's certificate is verified; a kubeconfig with insecure-skip-tls-verify is a WARN. */
public final class TlsVerificationProbe implements PreflightProbe {

    private final ClusterAccess access;

    public TlsVerificationProbe(ClusterAccess access) {
        this.access = access;
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public CheckResult run() {
        if (access.tlsVerified()) {
            return CheckResult.pass(name(), "API server certificate verified for " + access.serverUrl());
        }
        return CheckResult.warn(
                name(),
                "TLS verification is disabled for " + access.serverUrl()
                        + " (insecure-skip-tls-verify in the kubeconfig): the API server is not authenticated; "
                        + "set certificate-authority-data for the cluster instead");
    }
}
