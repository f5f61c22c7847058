package org.kfm.breakglass.kube.posture;

import java.util.ArrayList;

/** Every PVC and volumeClaimTemplate names its storage class and requests a size. */
public final class ClaimStorageRule implements PostureRule {
    @Override
    public String name() {
        return "pvc-storage";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        if (input.claims().isEmpty()) {
            return PostureFinding.warn(
                    name(), "no PersistentVolumeClaim or volumeClaimTemplate: PostGIS data is not persistent");
        }
        var problems = new ArrayList<String>();
        for (var claim : input.claims()) {
            var spec = claim.spec();
            if (spec.getStorageClassName() == null || spec.getStorageClassName().isBlank()) {
                problems.add(claim.origin() + " has no storageClassName");
            }
            var requests =
                    spec.getResources() == null ? null : spec.getResources().getRequests();
            if (requests == null || !requests.containsKey("storage")) {
                problems.add(claim.origin() + " requests no storage size");
            }
        }
        if (!problems.isEmpty()) {
            return PostureFinding.fail(name(), String.join("; ", problems));
        }
        return PostureFinding.pass(name(), input.claims().size() + " claims set storage class and size");
    }
}
