package org.kfm.breakglass.session;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Reconciles a session that has just been sealed with the server's log and journals {@code session.reconciled},
 * when the policy says {@code reconcile.atSessionEnd: true}. The work lives in {@code evidence}, which builds on
 * this package, so the engine finds it through {@link ServiceLoader} instead of importing it: every session, CLI or
 * GUI, ends through the same path and gets it. A console built without it reports "not reconciled", never a pass.
 */
public interface AtSessionEnd {

    /**
     * Never throws for what the cluster or the log refuses: that is a {@code not-reconciled} result with the reason.
     *
     * @param kubeconfig the kubeconfig the session used (empty: KUBECONFIG or ~/.kube/config)
     */
    EndReconciliation reconcile(AfterSession after, UUID session, Optional<Path> kubeconfig);

    /** The implementation on the class path, if any. */
    static Optional<AtSessionEnd> installed() {
        return ServiceLoader.load(AtSessionEnd.class, AtSessionEnd.class.getClassLoader())
                .findFirst();
    }
}
