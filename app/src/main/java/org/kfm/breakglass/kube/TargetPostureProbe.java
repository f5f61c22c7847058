package org.kfm.breakglass.kube;

import java.util.List;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.kube.posture.LivePostureSource;
import org.kfm.breakglass.kube.posture.PostureFinding;
import org.kfm.breakglass.kube.posture.PostureRulebook;

/**
 * The target's shape, judged by the same posture rules as {@code breakglass posture --live}: the seed forbids
 * exposing PostGIS, requires a deny-all ingress policy, limits on every container, and a named port. The
 * plaintext-Secret rule is about git and does not apply to a live cluster.
 */
public final class TargetPostureProbe {
    private final ClusterAccess access;
    private final String namespace;

    public TargetPostureProbe(ClusterAccess access, String namespace) {
        this.access = access;
        this.namespace = namespace;
    }

    /** One result per posture rule, named {@code posture:<rule>}. */
    public List<CheckResult> run() {
        try {
            List<PostureFinding> findings =
                    PostureRulebook.evaluate(LivePostureSource.read(access.client(), namespace));
            return findings.stream()
                    .map(f -> new CheckResult("posture:" + f.rule(), f.verdict(), f.reason()))
                    .toList();
        } catch (RuntimeException e) {
            return List.of(CheckResult.fail(
                    "posture", "cannot read the target's objects in " + namespace + ": " + e.getMessage()));
        }
    }
}
