package org.kfm.breakglass.kube.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.kube.ClusterAccess;
import org.kfm.breakglass.kube.KubeAccessException;
import org.kfm.breakglass.kube.TargetRef;

/**
 * What a target's route reads besides pods and its Secret, so preflight can ask for exactly that: a Service
 * ({@code get services}), its EndpointSlices when it has no selector ({@code list endpointslices}; Zalando's
 * {@code <c>} and Crunchy's {@code <c>-primary} never have one), and the operator's custom resource
 * ({@code get} it: required where it decides which user's Secret to read — Zalando, Crunchy — and optional for
 * CloudNativePG, whose {@code <c>-app} convention suffices; docs/decisions/0013).
 */
public final class RouteNeeds {
    private static final String DISCOVERY = "discovery.k8s.io";

    private RouteNeeds() {}

    /** The permissions {@code target} needs in {@code namespace}; reads a plain Service to see if it has a selector. */
    public static List<RouteNeed> of(ClusterAccess access, String namespace, TargetRef target) {
        var needs = new ArrayList<RouteNeed>();
        switch (target.kind()) {
            case POD -> {}
            case SERVICE -> {
                needs.add(new RouteNeed("get", "", "services", true, "read Service " + target.name()));
                if (selectorless(access, namespace, target.name())) {
                    needs.add(new RouteNeed(
                            "list",
                            DISCOVERY,
                            "endpointslices",
                            true,
                            "Service " + target.name() + " has no selector: its pods are in its EndpointSlices"));
                }
            }
            case CLOUDNATIVE_PG, ZALANDO, CRUNCHY -> {
                Operator operator = Operator.of(target.kind());
                String service = operator.serviceName(target.name(), target.role());
                needs.add(new RouteNeed("get", "", "services", true, "read Service " + service));
                var resource = operator.resource();
                boolean decidesUser = target.kind() != TargetRef.Kind.CLOUDNATIVE_PG;
                needs.add(new RouteNeed(
                        "get",
                        resource.getGroup(),
                        resource.getPlural(),
                        decidesUser,
                        decidesUser
                                ? "read the " + operator.title() + " manifest to know whose Secret to read"
                                : "read the " + operator.title() + " manifest (its bootstrap Secret and database)"));
                if (target.kind() != TargetRef.Kind.CLOUDNATIVE_PG && target.role() == TargetRef.Role.PRIMARY) {
                    needs.add(new RouteNeed(
                            "list",
                            DISCOVERY,
                            "endpointslices",
                            true,
                            "the " + operator.title() + " primary Service " + service
                                    + " has no selector: its pod is in its EndpointSlices"));
                }
            }
        }
        return List.copyOf(needs);
    }

    /** Whether the Service has no selector; unreadable or missing counts as having one (other checks say so). */
    private static boolean selectorless(ClusterAccess access, String namespace, String name) {
        try {
            var service = access.call(
                    "read Service " + namespace + "/" + name,
                    () -> access.client()
                            .services()
                            .inNamespace(namespace)
                            .withName(name)
                            .get());
            if (service == null || service.getSpec() == null) {
                return false;
            }
            Map<String, String> selector = service.getSpec().getSelector();
            return selector == null || selector.isEmpty();
        } catch (KubeAccessException e) {
            return false;
        }
    }
}
