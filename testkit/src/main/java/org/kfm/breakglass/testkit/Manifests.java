package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builders the operator fixtures share: owner references, Services, Secrets, leader Endpoints and CRDs. */
final class Manifests {

    private Manifests() {}

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static OwnerReference controller(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /**
     * A ClusterIP Service (cluster IP {@code null}: allocated on create; {@code "None"}: headless), one TCP port,
     * with a selector or none ({@code selector} null).
     */
    static Service service(
            String name,
            Map<String, String> labels,
            Map<String, String> selector,
            String portName,
            int port,
            IntOrString targetPort,
            String clusterIp,
            OwnerReference owner) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .withOwnerReferences(owner == null ? List.of() : List.of(owner))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withClusterIP(clusterIp)
                .withSelector(selector)
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .withProtocol("TCP")
                .withTargetPort(targetPort)
                .endPort()
                .endSpec()
                .build();
    }

    static Secret secret(
            String name, String type, Map<String, String> labels, Map<String, String> data, OwnerReference owner) {
        var encoded = new LinkedHashMap<String, String>();
        data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .withOwnerReferences(owner == null ? List.of() : List.of(owner))
                .endMetadata()
                .withType(type)
                .withData(encoded)
                .build();
    }

    /**
     * Endpoints as Patroni writes its leader object ({@code kubernetes.use_endpoints}): the leader pod's IP with
     * hostname, node and a targetRef to the pod, its ports, and the leader annotations.
     */
    static Endpoints patroniLeader(
            String name, Map<String, String> labels, Pod leader, String portName, int transitions) {
        String now = now();
        var annotations = new LinkedHashMap<String, String>();
        annotations.put("leader", leader.getMetadata().getName());
        annotations.put("acquireTime", now);
        annotations.put("renewTime", now);
        annotations.put("ttl", "30");
        annotations.put("optime", "67108864");
        annotations.put("transitions", Integer.toString(transitions));
        return new EndpointsBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(StageObjects.NAMESPACE)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .addNewSubset()
                .withAddresses(new EndpointAddressBuilder()
                        .withIp(leader.getStatus().getPodIP())
                        .withHostname(leader.getSpec().getHostname())
                        .withNodeName(leader.getSpec().getNodeName())
                        .withTargetRef(new ObjectReferenceBuilder()
                                .withKind("Pod")
                                .withNamespace(StageObjects.NAMESPACE)
                                .withName(leader.getMetadata().getName())
                                .withUid(leader.getMetadata().getUid())
                                .build())
                        .build())
                .withPorts(new EndpointPortBuilder()
                        .withName(portName)
                        .withPort(5432)
                        .withProtocol("TCP")
                        .build())
                .endSubset()
                .build();
    }

    /** A namespaced, served-and-stored CRD with one version, a status subresource and printer columns. */
    static CustomResourceDefinition crd(
            String group,
            String version,
            String kind,
            String plural,
            String singular,
            List<String> shortNames,
            List<String> categories,
            boolean scale,
            List<CustomResourceColumnDefinition> columns) {
        String now = now();
        return new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withListKind(kind + "List")
                .withPlural(plural)
                .withSingular(singular)
                .withShortNames(shortNames)
                .withCategories(categories)
                .endNames()
                .addNewVersion()
                .withName(version)
                .withServed(true)
                .withStorage(true)
                .withAdditionalPrinterColumns(columns)
                .withNewSchema()
                .withOpenAPIV3Schema(new JSONSchemaPropsBuilder()
                        .withType("object")
                        .withXKubernetesPreserveUnknownFields(true)
                        .build())
                .endSchema()
                .withNewSubresources()
                .withNewStatus()
                .endStatus()
                .withScale(
                        scale
                                ? new io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceSubresourceScale(
                                        null, ".spec.instances", ".status.instances")
                                : null)
                .endSubresources()
                .endVersion()
                .endSpec()
                .withNewStatus()
                .withNewAcceptedNames()
                .withKind(kind)
                .withListKind(kind + "List")
                .withPlural(plural)
                .withSingular(singular)
                .withShortNames(shortNames)
                .withCategories(categories)
                .endAcceptedNames()
                .addNewCondition()
                .withType("NamesAccepted")
                .withStatus("True")
                .withReason("NoConflicts")
                .withMessage("no conflicts found")
                .withLastTransitionTime(now)
                .endCondition()
                .addNewCondition()
                .withType("Established")
                .withStatus("True")
                .withReason("InitialNamesAccepted")
                .withMessage("the initial names have been accepted")
                .withLastTransitionTime(now)
                .endCondition()
                .withStoredVersions(version)
                .endStatus()
                .build();
    }

    static CustomResourceColumnDefinition column(String name, String type, String jsonPath) {
        return new CustomResourceColumnDefinition(null, null, jsonPath, name, null, type);
    }
}
