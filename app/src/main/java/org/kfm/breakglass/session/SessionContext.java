package org.kfm.breakglass.session;

import java.time.Clock;
import java.util.UUID;
import org.kfm.breakglass.kube.TargetRef;

/** The fixed facts of one session, decided at start and never changed. */
record SessionContext(
        UUID id,
        Policy policy,
        Clock clock,
        String contextName,
        String namespace,
        TargetRef target,
        String database,
        Justification justification,
        String kubeUser) {}
