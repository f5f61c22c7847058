package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec;

/**
 * A storage request: a PersistentVolumeClaim or a StatefulSet's volumeClaimTemplate.
 *
 * @param origin how to name it in a reason, e.g. {@code StatefulSet postgis volumeClaimTemplate postgis-data}
 * @param spec   the claim's spec
 */
public record StorageClaim(String origin, PersistentVolumeClaimSpec spec) {
    public StorageClaim {
        spec = spec == null ? new PersistentVolumeClaimSpec() : spec;
    }
}
