package org.kfm.breakglass.session;

import java.util.List;

/**
 * What discovery found in one namespace: the targets, and what could not be listed (an operator's clusters that
 * RBAC hides, the EndpointSlices), so a short list is never mistaken for a complete one.
 */
public record TargetListing(String context, String namespace, List<ListedTarget> targets, List<String> warnings) {

    public TargetListing {
        targets = List.copyOf(targets);
        warnings = List.copyOf(warnings);
    }
}
