package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.kfm.breakglass.testkit.ApiResource.Subresource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * API discovery, as a Kubernetes 1.32 API server answers it: the legacy documents ({@code /api} APIVersions,
 * {@code /api/v1} and {@code /apis/{group}/{version}} APIResourceList, {@code /apis} APIGroupList,
 * {@code /apis/{group}} APIGroup) and the aggregated {@code apidiscovery.k8s.io/v2} APIGroupDiscoveryList that
 * kubectl ≥ 1.30 asks for first on {@code /api} and {@code /apis}. Built-in types come from
 * {@link BuiltInResources}; custom resources from the CustomResourceDefinitions stored in the cluster, so a CRD
 * created by a test is discoverable at once, as on a real server.
 *
 * <p>Which document answers follows the {@code Accept} header in the client's order: the aggregated one when a media
 * range names {@code g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}, the legacy one for plain JSON or
 * {@code *}{@code /*}; a client that accepts only something else (e.g. the retired {@code v2beta1}) gets 406 Not
 * Acceptable, which makes client-go fall back.
 */
final class Discovery {

    static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final Supplier<List<CustomResourceDefinition>> crds;
    private final Supplier<String> serverAddress;
    private final ObjectMapper mapper = Serialization.jsonMapper();

    /**
     * @param crds the CRDs stored right now
     * @param serverAddress {@code host:port} as clients reach the server (for APIVersions)
     */
    Discovery(Supplier<List<CustomResourceDefinition>> crds, Supplier<String> serverAddress) {
        this.crds = crds;
        this.serverAddress = serverAddress;
    }

    static boolean isDiscoveryPath(String path) {
        String p = stripQuery(path);
        return p.equals("/api")
                || p.equals("/api/")
                || p.equals("/apis")
                || p.equals("/apis/")
                || p.equals("/version")
                || p.equals("/version/")
                || p.matches("/api/[^/]+/?")
                || p.matches("/apis/[^/]+(/[^/]+)?/?");
    }

    /** Every served type: built-ins, then custom resources (served versions only). */
    List<ApiResource> resources() {
        var all = new ArrayList<>(BuiltInResources.ALL_TYPES);
        for (CustomResourceDefinition crd : crds.get()) {
            all.addAll(fromCrd(crd));
        }
        return all;
    }

    Optional<ApiResource> find(String group, String version, String resource) {
        // Built-ins first: most requests need no look at the stored CRDs.
        Optional<ApiResource> builtIn = BuiltInResources.ALL_TYPES.stream()
                .filter(r -> r.group().equals(group)
                        && r.version().equals(version)
                        && r.name().equals(resource))
                .findFirst();
        if (builtIn.isPresent()
                || BuiltInResources.ALL_TYPES.stream().anyMatch(r -> r.group().equals(group))) {
            return builtIn;
        }
        return resources().stream()
                .filter(r -> r.group().equals(group)
                        && r.version().equals(version)
                        && r.name().equals(resource))
                .findFirst();
    }

    MockResponse answer(String path, String accept) {
        String p = stripQuery(path).replaceAll("/$", "");
        if (p.equals("/version")) {
            return StatusResponses.json(200, mapper.writeValueAsString(version()));
        }
        boolean aggregatedPath = p.equals("/api") || p.equals("/apis");
        Format format = Format.negotiate(accept, aggregatedPath);
        if (format == Format.NONE) {
            return StatusResponses.error(
                    406,
                    "NotAcceptable",
                    "only the following media types are accepted: application/json, " + AGGREGATED_V2);
        }
        Map<String, Map<String, List<ApiResource>>> groups = byGroupAndVersion();
        String[] parts = p.substring(1).split("/");
        if (parts[0].equals("api")) {
            Map<String, List<ApiResource>> core = groups.getOrDefault("", Map.of());
            if (parts.length == 1) {
                return format == Format.AGGREGATED
                        ? aggregated(Map.of("", core))
                        : json(new APIVersionsBuilder()
                                .withVersions(new ArrayList<>(core.keySet()))
                                .addNewServerAddressByClientCIDR("0.0.0.0/0", serverAddress.get())
                                .build());
            }
            return resourceList("", parts[1], core.get(parts[1]));
        }
        if (parts.length == 1) {
            var named = new LinkedHashMap<>(groups);
            named.remove("");
            if (format == Format.AGGREGATED) {
                return aggregated(named);
            }
            APIGroupListBuilder list = new APIGroupListBuilder();
            named.forEach((g, versions) -> list.addToGroups(group(g, versions)));
            APIGroupList groupList = list.build();
            return json(groupList);
        }
        Map<String, List<ApiResource>> versions = groups.get(parts[1]);
        if (versions == null) {
            return notFound();
        }
        if (parts.length == 2) {
            return json(group(parts[1], versions));
        }
        return resourceList(parts[1], parts[2], versions.get(parts[2]));
    }

    private enum Format {
        LEGACY,
        AGGREGATED,
        NONE;

        static Format negotiate(String accept, boolean aggregatedPossible) {
            if (accept == null || accept.isBlank()) {
                return LEGACY;
            }
            for (String range : accept.split(",")) {
                String[] params = range.trim().split(";");
                String type = params[0].trim().toLowerCase(java.util.Locale.ROOT);
                var p = new java.util.HashMap<String, String>();
                for (int i = 1; i < params.length; i++) {
                    String[] kv = params[i].trim().split("=", 2);
                    if (kv.length == 2) {
                        p.put(kv[0].trim(), kv[1].trim());
                    }
                }
                boolean json = type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
                if (!json) {
                    continue;
                }
                if (p.containsKey("g") || p.containsKey("as")) {
                    if (aggregatedPossible
                            && "apidiscovery.k8s.io".equals(p.get("g"))
                            && "v2".equals(p.get("v"))
                            && "APIGroupDiscoveryList".equals(p.get("as"))) {
                        return AGGREGATED;
                    }
                    continue; // v2beta1, Table, ...: not served here
                }
                return LEGACY;
            }
            return NONE;
        }
    }

    private Map<String, Map<String, List<ApiResource>>> byGroupAndVersion() {
        Map<String, Map<String, List<ApiResource>>> groups = new LinkedHashMap<>();
        for (ApiResource r : resources()) {
            groups.computeIfAbsent(r.group(), g -> new LinkedHashMap<>())
                    .computeIfAbsent(r.version(), v -> new ArrayList<>())
                    .add(r);
        }
        return groups;
    }

    private static APIGroup group(String name, Map<String, List<ApiResource>> versions) {
        List<GroupVersionForDiscovery> gvs = versions.keySet().stream()
                .map(v -> new GroupVersionForDiscovery(name + "/" + v, v))
                .toList();
        return new APIGroupBuilder()
                .withName(name)
                .withVersions(gvs)
                .withPreferredVersion(gvs.getFirst())
                .build();
    }

    private MockResponse resourceList(String group, String version, List<ApiResource> resources) {
        if (resources == null) {
            return notFound();
        }
        List<APIResource> entries = new ArrayList<>();
        for (ApiResource r : resources) {
            entries.add(new APIResourceBuilder()
                    .withName(r.name())
                    .withSingularName(r.singularName())
                    .withNamespaced(r.namespaced())
                    .withKind(r.kind())
                    .withVerbs(r.verbs())
                    .withShortNames(r.shortNames().isEmpty() ? null : r.shortNames())
                    .withCategories(r.categories().isEmpty() ? null : r.categories())
                    .build());
            for (Subresource s : r.subresources()) {
                entries.add(new APIResourceBuilder()
                        .withName(r.name() + "/" + s.name())
                        .withSingularName("")
                        .withNamespaced(r.namespaced())
                        .withGroup(s.group().isEmpty() ? null : s.group())
                        .withVersion(s.version().isEmpty() ? null : s.version())
                        .withKind(s.kind())
                        .withVerbs(s.verbs())
                        .build());
            }
        }
        return json(new APIResourceListBuilder()
                .withGroupVersion(group.isEmpty() ? version : group + "/" + version)
                .withResources(entries)
                .build());
    }

    private MockResponse aggregated(Map<String, Map<String, List<ApiResource>>> groups) {
        ObjectNode list = mapper.createObjectNode();
        list.put("kind", "APIGroupDiscoveryList");
        list.put("apiVersion", "apidiscovery.k8s.io/v2");
        list.putObject("metadata");
        ArrayNode items = list.putArray("items");
        groups.forEach((group, versions) -> {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            meta.putNull("creationTimestamp");
            ArrayNode vs = item.putArray("versions");
            versions.forEach((version, resources) -> {
                ObjectNode v = vs.addObject();
                v.put("version", version);
                ArrayNode rs = v.putArray("resources");
                for (ApiResource r : resources) {
                    ObjectNode res = rs.addObject();
                    res.put("resource", r.name());
                    kind(res.putObject("responseKind"), r, "", "", r.kind());
                    res.put("scope", r.namespaced() ? "Namespaced" : "Cluster");
                    res.put("singularResource", r.singularName());
                    strings(res.putArray("verbs"), r.verbs());
                    if (!r.shortNames().isEmpty()) {
                        strings(res.putArray("shortNames"), r.shortNames());
                    }
                    if (!r.categories().isEmpty()) {
                        strings(res.putArray("categories"), r.categories());
                    }
                    if (!r.subresources().isEmpty()) {
                        ArrayNode subs = res.putArray("subresources");
                        for (Subresource s : r.subresources()) {
                            ObjectNode sub = subs.addObject();
                            sub.put("subresource", s.name());
                            kind(sub.putObject("responseKind"), r, s.group(), s.version(), s.kind());
                            strings(sub.putArray("verbs"), s.verbs());
                        }
                    }
                }
                v.put("freshness", "Current");
            });
        });
        return new MockResponse()
                .setResponseCode(200)
                .setHeader("Content-Type", AGGREGATED_V2)
                .setBody(mapper.writeValueAsString(list));
    }

    /**
     * A built-in's responseKind names only the kind, as the API server's own types do; a custom resource's names
     * its group and version, as apiextensions-apiserver writes it.
     */
    private static void kind(ObjectNode node, ApiResource r, String group, String version, String kind) {
        boolean custom = BuiltInResources.ALL_TYPES.stream().noneMatch(b -> b == r);
        node.put("group", !group.isEmpty() ? group : custom ? r.group() : "");
        node.put("version", !version.isEmpty() ? version : custom ? r.version() : "");
        node.put("kind", kind);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<ApiResource> fromCrd(CustomResourceDefinition crd) {
        var spec = crd.getSpec();
        var names = spec.getNames();
        var out = new ArrayList<ApiResource>();
        for (CustomResourceDefinitionVersion v : spec.getVersions()) {
            if (!Boolean.TRUE.equals(v.getServed())) {
                continue;
            }
            var subs = new ArrayList<Subresource>();
            if (v.getSubresources() != null && v.getSubresources().getStatus() != null) {
                subs.add(Subresource.status(names.getKind()));
            }
            if (v.getSubresources() != null && v.getSubresources().getScale() != null) {
                subs.add(new Subresource("scale", "autoscaling", "v1", "Scale", List.of("get", "patch", "update")));
            }
            out.add(new ApiResource(
                    spec.getGroup(),
                    v.getName(),
                    names.getPlural(),
                    names.getSingular() == null
                            ? names.getKind().toLowerCase(java.util.Locale.ROOT)
                            : names.getSingular(),
                    names.getKind(),
                    "Namespaced".equals(spec.getScope()),
                    ApiResource.ALL_VERBS,
                    names.getShortNames() == null ? List.of() : List.copyOf(names.getShortNames()),
                    names.getCategories() == null ? List.of() : List.copyOf(names.getCategories()),
                    List.copyOf(subs)));
        }
        return out;
    }

    private Map<String, String> version() {
        var v = new LinkedHashMap<String, String>();
        v.put("major", "1");
        v.put("minor", "32");
        v.put("gitVersion", "v1.32.0-kfm-fake");
        v.put("gitCommit", "0000000000000000000000000000000000000000");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2026-01-01T00:00:00Z");
        v.put("goVersion", "go1.23.0");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    private MockResponse json(Object model) {
        return StatusResponses.json(200, mapper.writeValueAsString(model));
    }

    static MockResponse notFound() {
        return StatusResponses.error(404, "NotFound", "the server could not find the requested resource");
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }
}
