package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers {@code SelfSubjectAccessReview} (allowed unless the stage RBAC withholds it or an RBAC fault denies it;
 * the spec is echoed) and
 * {@code SelfSubjectReview} (who the operator is), which CRUD mode would merely echo back.
 */
final class AccessReviews {

    static final String USERNAME = "breakglass-operator@example.org";
    static final List<String> GROUPS = List.of("kfm:breakglass-operators", "system:authenticated");

    private final FaultState faults;
    private final ObjectMapper mapper = Serialization.jsonMapper();

    AccessReviews(FaultState faults) {
        this.faults = faults;
    }

    static boolean isAccessReview(ApiRequest req) {
        return req.verb().equals("create")
                && req.group().equals("authorization.k8s.io")
                && req.resource().equals("selfsubjectaccessreviews");
    }

    static boolean isSelfReview(ApiRequest req) {
        return req.verb().equals("create")
                && req.group().equals("authentication.k8s.io")
                && req.resource().equals("selfsubjectreviews");
    }

    MockResponse accessReview(RecordedRequest request) {
        ObjectNode review = body(request);
        if (!review.path("spec").has("resourceAttributes")
                && !review.path("spec").has("nonResourceAttributes")) {
            // As the API server's validation: never "allowed" for a review that asks nothing (e.g. a body the
            // mock server could not read).
            return StatusResponses.error(
                    422,
                    "Invalid",
                    "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec: Invalid value: exactly one"
                            + " of nonResourceAttributes or resourceAttributes must be specified");
        }
        JsonNode attrs = review.path("spec").path("resourceAttributes");
        String verb = attrs.path("verb").asString("");
        String resource = attrs.path("resource").asString("");
        String sub = attrs.path("subresource").asString("");
        String rbacResource = sub.isEmpty() ? resource : resource + "/" + sub;
        boolean allowed = !faults.denies(verb, rbacResource);
        ObjectNode status = review.putObject("status");
        status.put("allowed", allowed);
        if (allowed) {
            status.put("reason", "allowed by the fake cluster's RBAC");
        } else {
            status.put("denied", true);
            status.put(
                    "reason",
                    faults.withholds(verb, rbacResource)
                            ? "RBAC: no role grants " + verb + " " + rbacResource
                                    + " (Role breakglass-witness grants create, get, list, watch)"
                            : "RBAC denies " + verb + " " + rbacResource + " (injected fault)");
        }
        review.put("apiVersion", "authorization.k8s.io/v1");
        review.put("kind", "SelfSubjectAccessReview");
        metadata(review);
        return StatusResponses.json(201, mapper.writeValueAsString(review));
    }

    MockResponse selfReview(RecordedRequest request) {
        ObjectNode review = body(request);
        review.put("apiVersion", "authentication.k8s.io/v1");
        review.put("kind", "SelfSubjectReview");
        metadata(review);
        ObjectNode userInfo = review.putObject("status").putObject("userInfo");
        userInfo.put("username", faults.username());
        var groups = userInfo.putArray("groups");
        GROUPS.forEach(groups::add);
        return StatusResponses.json(201, mapper.writeValueAsString(review));
    }

    /** The review as JSON, whether the client sent JSON or (kubectl does) protobuf. */
    private ObjectNode body(RecordedRequest request) {
        byte[] raw = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        if (ProtobufReview.isProtobuf(request.getHeader("Content-Type"))) {
            ObjectNode review = mapper.createObjectNode();
            try {
                var attrs = ProtobufReview.read(raw);
                ObjectNode spec = review.putObject("spec");
                if (attrs.resource() != null) {
                    ObjectNode ra = spec.putObject("resourceAttributes");
                    attrs.resource().forEach(ra::put);
                }
                if (attrs.nonResource() != null) {
                    ObjectNode na = spec.putObject("nonResourceAttributes");
                    attrs.nonResource().forEach(na::put);
                }
            } catch (java.io.IOException e) {
                return mapper.createObjectNode(); // unreadable: asks nothing, answered 422 as the server would
            }
            return review;
        }
        String text = new String(raw, java.nio.charset.StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(text);
            return node instanceof ObjectNode object ? object : mapper.createObjectNode();
        } catch (tools.jackson.core.JacksonException e) {
            return mapper.createObjectNode();
        }
    }

    private static void metadata(ObjectNode review) {
        ObjectNode meta = review.has("metadata") && review.get("metadata") instanceof ObjectNode m
                ? m
                : review.putObject("metadata");
        meta.put("creationTimestamp", Instant.now().toString());
    }
}
