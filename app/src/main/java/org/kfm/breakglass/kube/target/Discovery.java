package org.kfm.breakglass.kube.target;

import java.util.List;
import java.util.Objects;

/**
 * What discovery found in one namespace.
 *
 * @param namespace the namespace listed
 * @param targets   plain Services first, then each operator's clusters, each by name
 * @param warnings  what could not be listed (an operator's clusters, the EndpointSlices) and so is missing or
 *                  incomplete above
 */
public record Discovery(String namespace, List<DiscoveredTarget> targets, List<String> warnings) {

    public Discovery {
        Objects.requireNonNull(namespace, "namespace");
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }
}
