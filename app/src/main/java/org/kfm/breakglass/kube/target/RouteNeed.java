package org.kfm.breakglass.kube.target;

import java.util.Objects;

/**
 * One permission a target's route needs beyond the session's own ({@code create pods/portforward},
 * {@code list pods}, {@code get secrets}), as preflight's RBAC check asks it.
 *
 * @param verb     e.g. {@code list}
 * @param group    the API group, empty for the core group
 * @param resource the resource's plural, e.g. {@code endpointslices}
 * @param required whether the target cannot be resolved without it (FAIL), or only resolves less well (WARN)
 * @param why      what the route does with it, for the message
 */
public record RouteNeed(String verb, String group, String resource, boolean required, String why) {

    public RouteNeed {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(why, "why");
    }

    /** In kubectl's words: {@code list endpointslices.discovery.k8s.io}. */
    public String permission() {
        return verb + " " + resource + (group.isEmpty() ? "" : "." + group);
    }
}
