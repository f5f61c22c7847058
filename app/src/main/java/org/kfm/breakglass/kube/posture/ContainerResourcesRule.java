package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Every container and init container of every workload requests and limits both cpu and memory. */
public final class ContainerResourcesRule implements PostureRule {
    private static final List<String> RESOURCES = List.of("cpu", "memory");

    @Override
    public String name() {
        return "container-resources";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        var problems = new ArrayList<String>();
        int containers = 0;
        for (var workload : input.workloads()) {
            var spec = workload.spec();
            var all = Stream.concat(
                            spec.getInitContainers() == null
                                    ? Stream.<Container>empty()
                                    : spec.getInitContainers().stream(),
                            spec.getContainers() == null ? Stream.<Container>empty() : spec.getContainers().stream())
                    .toList();
            for (var container : all) {
                containers++;
                var missing = missing(container);
                if (!missing.isEmpty()) {
                    problems.add(workload.describe() + " container " + container.getName() + " lacks "
                            + String.join(", ", missing));
                }
            }
        }
        if (!problems.isEmpty()) {
            return PostureFinding.fail(name(), String.join("; ", problems));
        }
        return PostureFinding.pass(
                name(),
                containers + " containers in " + input.workloads().size()
                        + " workloads set cpu and memory requests and limits");
    }

    private static List<String> missing(Container container) {
        var resources = container.getResources();
        Map<String, Quantity> requests =
                resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
        Map<String, Quantity> limits =
                resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
        var missing = new ArrayList<String>();
        for (var resource : RESOURCES) {
            if (!requests.containsKey(resource)) {
                missing.add("requests." + resource);
            }
            if (!limits.containsKey(resource)) {
                missing.add("limits." + resource);
            }
        }
        return missing;
    }
}
