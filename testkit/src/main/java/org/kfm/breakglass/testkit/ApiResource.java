package org.kfm.breakglass.testkit;

import java.util.List;

/**
 * One resource type the fake API server serves, as discovery describes it: group/version, plural name, singular,
 * kind, scope, verbs, short names, categories and subresources.
 */
record ApiResource(
        String group,
        String version,
        String name,
        String singularName,
        String kind,
        boolean namespaced,
        List<String> verbs,
        List<String> shortNames,
        List<String> categories,
        List<Subresource> subresources) {

    /** Every verb a stored resource takes. */
    static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /**
     * A subresource such as {@code pods/log}; {@code group}/{@code version} are empty when its kind lives in the
     * parent's group version (as discovery writes it).
     */
    record Subresource(String name, String group, String version, String kind, List<String> verbs) {

        static Subresource status(String kind) {
            return new Subresource("status", "", "", kind, List.of("get", "patch", "update"));
        }
    }

    /** {@code v1} or {@code group/version}. */
    String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** {@code name} or {@code name.group}, the way kubectl names it fully ({@code clusters.postgresql.cnpg.io}). */
    String qualifiedName() {
        return group.isEmpty() ? name : name + "." + group;
    }

    boolean hasSubresource(String sub) {
        return subresources.stream().anyMatch(s -> s.name().equals(sub));
    }
}
