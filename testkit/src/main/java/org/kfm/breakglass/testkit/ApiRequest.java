package org.kfm.breakglass.testkit;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Kubernetes API request asks for, read from its method and path the way the API server's
 * RequestInfo does: verb, API group and version, resource, subresource, namespace, name and query parameters.
 */
record ApiRequest(
        String verb,
        String group,
        String version,
        String resource,
        String subresource,
        String namespace,
        String name,
        Map<String, String> query) {

    static ApiRequest parse(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
        List<String> parts =
                Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
        String group = "";
        String version;
        int i;
        if (!parts.isEmpty() && parts.get(0).equals("api")) {
            version = parts.size() > 1 ? parts.get(1) : "";
            i = 2; // api/v1
        } else if (!parts.isEmpty() && parts.get(0).equals("apis")) {
            group = parts.size() > 1 ? parts.get(1) : "";
            version = parts.size() > 2 ? parts.get(2) : "";
            i = 3; // apis/group/version
        } else {
            return new ApiRequest(method.toLowerCase(), "", "", "", "", null, null, query); // /version, /healthz ...
        }
        String namespace = null;
        if (parts.size() > i + 1 && parts.get(i).equals("namespaces")) {
            namespace = parts.get(i + 1);
            i += 2;
            if (parts.size() == i) { // the namespace object itself
                return new ApiRequest(
                        verb(method, true, query), group, version, "namespaces", "", null, namespace, query);
            }
        }
        String resource = parts.size() > i ? parts.get(i) : "";
        String name = parts.size() > i + 1 ? parts.get(i + 1) : null;
        String sub = parts.size() > i + 2 ? parts.get(i + 2) : "";
        return new ApiRequest(verb(method, name != null, query), group, version, resource, sub, namespace, name, query);
    }

    /** {@code resource} or {@code resource/subresource}, as RBAC rules name it. */
    String rbacResource() {
        return subresource.isEmpty() ? resource : resource + "/" + subresource;
    }

    /** A request for a resource (not {@code /api}, {@code /apis/...} discovery or {@code /version}). */
    boolean isResourceRequest() {
        return !resource.isEmpty();
    }

    /** The same request, asked as another verb (port-forward is authorised as {@code create}). */
    ApiRequest asVerb(String otherVerb) {
        return new ApiRequest(otherVerb, group, version, resource, subresource, namespace, name, query);
    }

    boolean isPodLog() {
        return group.isEmpty() && resource.equals("pods") && subresource.equals("log") && name != null;
    }

    boolean isPortForward() {
        return group.isEmpty() && resource.equals("pods") && subresource.equals("portforward") && name != null;
    }

    private static String verb(String method, boolean named, Map<String, String> query) {
        return switch (method.toUpperCase()) {
            case "GET", "HEAD" -> "true".equals(query.get("watch")) ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> method.toLowerCase();
        };
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new HashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return Map.copyOf(out);
    }
}
