package org.kfm.breakglass.kube.posture;

import java.util.Objects;
import org.kfm.breakglass.check.Verdict;

/**
 * What one rule concluded about the PostGIS deployment. The reason names objects (kind and name),
 * never the contents of a Secret.
 *
 * @param rule    the rule's stable identifier, e.g. {@code service-exposure}
 * @param verdict PASS, WARN or FAIL
 * @param reason  one line a human can act on
 */
public record PostureFinding(String rule, Verdict verdict, String reason) {
    public PostureFinding {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
    }

    static PostureFinding pass(String rule, String reason) {
        return new PostureFinding(rule, Verdict.PASS, reason);
    }

    static PostureFinding warn(String rule, String reason) {
        return new PostureFinding(rule, Verdict.WARN, reason);
    }

    static PostureFinding fail(String rule, String reason) {
        return new PostureFinding(rule, Verdict.FAIL, reason);
    }

    /** The rule could not look at anything: no workload carries the PostGIS label. */
    static PostureFinding noPostgisPods(String rule) {
        return fail(
                rule,
                "no PostGIS pods found (label " + PostureInput.POSTGIS_LABEL_KEY + "="
                        + PostureInput.POSTGIS_LABEL_VALUE + ")");
    }
}
