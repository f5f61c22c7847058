package org.kfm.breakglass.testkit;

import static org.kfm.breakglass.testkit.ApiResource.ALL_VERBS;

import java.util.List;
import org.kfm.breakglass.testkit.ApiResource.Subresource;

/**
 * The built-in resource types the fake API server serves: the ones the harness seeds, the console reads or writes,
 * and the ones kubectl asks about for the seeded objects (events for {@code describe}). Names, singular names,
 * short names, categories and verbs are those of a Kubernetes 1.32 API server's discovery; a subresource is listed
 * only when the fake really answers it (no {@code exec}, no {@code attach}, no {@code proxy}).
 */
final class BuiltInResources {

    private static final List<String> CREATE = List.of("create");
    private static final List<String> NAMESPACE_VERBS =
            List.of("create", "delete", "get", "list", "patch", "update", "watch");
    private static final List<String> ALL = List.of("all");

    static final List<ApiResource> ALL_TYPES = List.of(
            core(
                    "pods",
                    "pod",
                    "Pod",
                    true,
                    ALL_VERBS,
                    List.of("po"),
                    ALL,
                    Subresource.status("Pod"),
                    new Subresource("log", "", "", "Pod", List.of("get")),
                    new Subresource("portforward", "", "", "PodPortForwardOptions", List.of("create", "get"))),
            core("services", "service", "Service", true, ALL_VERBS, List.of("svc"), ALL, Subresource.status("Service")),
            core("endpoints", "endpoints", "Endpoints", true, ALL_VERBS, List.of("ep"), List.of()),
            core("secrets", "secret", "Secret", true, ALL_VERBS, List.of(), List.of()),
            core("configmaps", "configmap", "ConfigMap", true, ALL_VERBS, List.of("cm"), List.of()),
            core("events", "event", "Event", true, ALL_VERBS, List.of("ev"), List.of()),
            core(
                    "persistentvolumeclaims",
                    "persistentvolumeclaim",
                    "PersistentVolumeClaim",
                    true,
                    ALL_VERBS,
                    List.of("pvc"),
                    List.of(),
                    Subresource.status("PersistentVolumeClaim")),
            core("serviceaccounts", "serviceaccount", "ServiceAccount", true, ALL_VERBS, List.of("sa"), List.of()),
            core(
                    "namespaces",
                    "namespace",
                    "Namespace",
                    false,
                    NAMESPACE_VERBS,
                    List.of("ns"),
                    List.of(),
                    Subresource.status("Namespace")),
            typed(
                    "apps",
                    "v1",
                    "statefulsets",
                    "statefulset",
                    "StatefulSet",
                    true,
                    ALL_VERBS,
                    List.of("sts"),
                    ALL,
                    Subresource.status("StatefulSet"),
                    new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"))),
            typed(
                    "apps",
                    "v1",
                    "deployments",
                    "deployment",
                    "Deployment",
                    true,
                    ALL_VERBS,
                    List.of("deploy"),
                    ALL,
                    Subresource.status("Deployment"),
                    new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update"))),
            typed(
                    "apps",
                    "v1",
                    "replicasets",
                    "replicaset",
                    "ReplicaSet",
                    true,
                    ALL_VERBS,
                    List.of("rs"),
                    ALL,
                    Subresource.status("ReplicaSet")),
            typed("batch", "v1", "jobs", "job", "Job", true, ALL_VERBS, List.of(), ALL, Subresource.status("Job")),
            typed(
                    "batch",
                    "v1",
                    "cronjobs",
                    "cronjob",
                    "CronJob",
                    true,
                    ALL_VERBS,
                    List.of("cj"),
                    ALL,
                    Subresource.status("CronJob")),
            typed(
                    "policy",
                    "v1",
                    "poddisruptionbudgets",
                    "poddisruptionbudget",
                    "PodDisruptionBudget",
                    true,
                    ALL_VERBS,
                    List.of("pdb"),
                    List.of(),
                    Subresource.status("PodDisruptionBudget")),
            typed(
                    "networking.k8s.io",
                    "v1",
                    "networkpolicies",
                    "networkpolicy",
                    "NetworkPolicy",
                    true,
                    ALL_VERBS,
                    List.of("netpol"),
                    List.of()),
            typed(
                    "discovery.k8s.io",
                    "v1",
                    "endpointslices",
                    "endpointslice",
                    "EndpointSlice",
                    true,
                    ALL_VERBS,
                    List.of(),
                    List.of()),
            typed("rbac.authorization.k8s.io", "v1", "roles", "role", "Role", true, ALL_VERBS, List.of(), List.of()),
            typed(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "rolebindings",
                    "rolebinding",
                    "RoleBinding",
                    true,
                    ALL_VERBS,
                    List.of(),
                    List.of()),
            typed(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterroles",
                    "clusterrole",
                    "ClusterRole",
                    false,
                    ALL_VERBS,
                    List.of(),
                    List.of()),
            typed(
                    "rbac.authorization.k8s.io",
                    "v1",
                    "clusterrolebindings",
                    "clusterrolebinding",
                    "ClusterRoleBinding",
                    false,
                    ALL_VERBS,
                    List.of(),
                    List.of()),
            typed(
                    "authorization.k8s.io",
                    "v1",
                    "selfsubjectaccessreviews",
                    "selfsubjectaccessreview",
                    "SelfSubjectAccessReview",
                    false,
                    CREATE,
                    List.of(),
                    List.of()),
            typed(
                    "authentication.k8s.io",
                    "v1",
                    "selfsubjectreviews",
                    "selfsubjectreview",
                    "SelfSubjectReview",
                    false,
                    CREATE,
                    List.of(),
                    List.of()),
            typed(
                    "apiextensions.k8s.io",
                    "v1",
                    "customresourcedefinitions",
                    "customresourcedefinition",
                    "CustomResourceDefinition",
                    false,
                    ALL_VERBS,
                    List.of("crd", "crds"),
                    List.of("api-extensions"),
                    Subresource.status("CustomResourceDefinition")));

    private BuiltInResources() {}

    private static ApiResource core(
            String name,
            String singular,
            String kind,
            boolean namespaced,
            List<String> verbs,
            List<String> shortNames,
            List<String> categories,
            Subresource... subresources) {
        return typed("", "v1", name, singular, kind, namespaced, verbs, shortNames, categories, subresources);
    }

    private static ApiResource typed(
            String group,
            String version,
            String name,
            String singular,
            String kind,
            boolean namespaced,
            List<String> verbs,
            List<String> shortNames,
            List<String> categories,
            Subresource... subresources) {
        return new ApiResource(
                group, version, name, singular, kind, namespaced, verbs, shortNames, categories, List.of(subresources));
    }
}
