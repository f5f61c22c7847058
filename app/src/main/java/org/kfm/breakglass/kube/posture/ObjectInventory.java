package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorts parsed or listed Kubernetes objects into a {@link PostureInput}; the one place both sources
 * agree on what a workload, a claim and an ExternalSecret are. Kinds no rule reads are ignored.
 */
final class ObjectInventory {
    static final String EXTERNAL_SECRET_GROUP = "external-secrets.io";
    static final String EXTERNAL_SECRET_KIND = "ExternalSecret";

    private ObjectInventory() {}

    static PostureInput sort(PostureInput.Origin origin, List<? extends HasMetadata> objects) {
        var services = new ArrayList<Service>();
        var workloads = new ArrayList<Workload>();
        var policies = new ArrayList<NetworkPolicy>();
        var secrets = new ArrayList<Secret>();
        var claims = new ArrayList<StorageClaim>();
        var externalSecrets = new ArrayList<GenericKubernetesResource>();
        var configMaps = new ArrayList<ConfigMap>();
        for (var object : objects) {
            switch (object) {
                case Service s -> services.add(s);
                case NetworkPolicy p -> policies.add(p);
                case Secret s -> secrets.add(s);
                case ConfigMap c -> configMaps.add(c);
                case PersistentVolumeClaim c ->
                    claims.add(new StorageClaim(
                            "PersistentVolumeClaim " + c.getMetadata().getName(), c.getSpec()));
                case Pod p ->
                    workloads.add(new Workload(
                            "Pod",
                            p.getMetadata().getName(),
                            p.getMetadata().getNamespace(),
                            p.getMetadata().getLabels(),
                            p.getSpec()));
                case StatefulSet s -> {
                    workloads.add(template(s, s.getSpec().getTemplate()));
                    var templates = s.getSpec().getVolumeClaimTemplates();
                    for (var t : templates == null ? List.<PersistentVolumeClaim>of() : templates) {
                        claims.add(new StorageClaim(
                                "StatefulSet " + s.getMetadata().getName() + " volumeClaimTemplate "
                                        + t.getMetadata().getName(),
                                t.getSpec()));
                    }
                }
                case Deployment d -> workloads.add(template(d, d.getSpec().getTemplate()));
                case DaemonSet d -> workloads.add(template(d, d.getSpec().getTemplate()));
                case ReplicaSet r -> workloads.add(template(r, r.getSpec().getTemplate()));
                case Job j -> workloads.add(template(j, j.getSpec().getTemplate()));
                case CronJob c ->
                    workloads.add(
                            template(c, c.getSpec().getJobTemplate().getSpec().getTemplate()));
                case GenericKubernetesResource g when isExternalSecret(g) -> externalSecrets.add(g);
                default -> {
                    // Other kinds carry nothing the rules judge.
                }
            }
        }
        return new PostureInput(origin, services, workloads, policies, secrets, claims, externalSecrets, configMaps);
    }

    static boolean isExternalSecret(HasMetadata object) {
        var apiVersion = object.getApiVersion() == null ? "" : object.getApiVersion();
        return EXTERNAL_SECRET_KIND.equals(object.getKind()) && apiVersion.startsWith(EXTERNAL_SECRET_GROUP + "/");
    }

    private static Workload template(HasMetadata owner, PodTemplateSpec template) {
        var labels = template == null || template.getMetadata() == null
                ? null
                : template.getMetadata().getLabels();
        return new Workload(
                owner.getKind(),
                owner.getMetadata().getName(),
                owner.getMetadata().getNamespace(),
                labels,
                template == null ? null : template.getSpec());
    }
}
