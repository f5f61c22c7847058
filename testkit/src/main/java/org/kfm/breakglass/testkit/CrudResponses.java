package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What fabric8's CRUD store does not do the API server's way, done here: names are validated on create (422
 * Invalid), errors are typed {@code Status} bodies (the store answers 404 with no body and 409 with reason
 * {@code Invalid}), a list is a {@code PodList} of {@code v1} (the store says {@code List}), and a PATCH answers
 * 200 (the store says 202).
 */
final class CrudResponses {

    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_1123 = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private final ObjectMapper mapper = Serialization.jsonMapper();

    private CrudResponses() {}

    static CrudResponses create() {
        return new CrudResponses();
    }

    /** A 422 for a create whose name the API server would refuse, or null when the name is fine. */
    MockResponse invalidName(RecordedRequest request, ApiRequest req, ApiResource type) {
        if (!req.verb().equals("create") || !req.subresource().isEmpty()) {
            return null;
        }
        JsonNode body;
        try {
            body = mapper.readTree(bodyOf(request));
        } catch (JacksonException e) {
            return StatusResponses.error(
                    400, "BadRequest", "the object provided is unrecognized: " + e.getOriginalMessage());
        }
        JsonNode meta = body == null ? null : body.path("metadata");
        String name = meta == null ? "" : meta.path("name").asString("");
        String generateName = meta == null ? "" : meta.path("generateName").asString("");
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                return StatusResponses.error(
                        422,
                        "Invalid",
                        type.kind() + " \"\" is invalid: metadata.name: Required value: name or generateName is"
                                + " required");
            }
            return null;
        }
        if (type.kind().equals("Service")
                && !(name.length() <= 63 && LABEL_1035.matcher(name).matches())) {
            return StatusResponses.invalid(
                    type,
                    name,
                    "metadata.name",
                    name,
                    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
                            + " alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or"
                            + " 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        if (type.kind().equals("Namespace")
                && !(name.length() <= 63 && LABEL_1123.matcher(name).matches())) {
            return StatusResponses.invalid(
                    type,
                    name,
                    "metadata.name",
                    name,
                    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must"
                            + " start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex"
                            + " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        }
        if (!(name.length() <= 253 && SUBDOMAIN.matcher(name).matches())) {
            return StatusResponses.invalid(
                    type,
                    name,
                    "metadata.name",
                    name,
                    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.',"
                            + " and must start and end with an alphanumeric character (e.g. 'example.com', regex used"
                            + " for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        }
        return null;
    }

    /** The store's answer, turned into the API server's. */
    MockResponse shape(ApiRequest req, ApiResource type, String requestBody, MockResponse stored) {
        int code = stored.code();
        if (code == 404) {
            return req.name() == null ? Discovery.notFound() : StatusResponses.notFound(req);
        }
        if (code == 409) {
            return req.verb().equals("create")
                    ? StatusResponses.alreadyExists(req, createdName(requestBody))
                    : StatusResponses.conflict(req);
        }
        if (code >= 400) {
            return StatusResponses.error(code, StatusResponses.reasonFor(code), message(stored));
        }
        if (code == 202 && req.verb().equals("patch")) {
            stored.setResponseCode(200);
        }
        if (code == 200 && req.verb().equals("list") && stored.getBody() != null) {
            return typedList(stored, type);
        }
        if (stored.getHeaders().header("Content-Type") == null) {
            stored.setHeader("Content-Type", "application/json");
        }
        return stored;
    }

    private MockResponse typedList(MockResponse stored, ApiResource type) {
        JsonNode list = mapper.readTree(new String(stored.getBody().getBytes(), StandardCharsets.UTF_8));
        if (!(list instanceof ObjectNode o) || !"List".equals(o.path("kind").asString(""))) {
            return stored;
        }
        ObjectNode typed = mapper.createObjectNode();
        typed.put("kind", type.kind() + "List");
        typed.put("apiVersion", type.groupVersion());
        typed.putObject("metadata")
                .put(
                        "resourceVersion",
                        o.path("metadata").path("resourceVersion").asString(""));
        typed.set("items", o.path("items"));
        return StatusResponses.json(200, mapper.writeValueAsString(typed));
    }

    private String createdName(String requestBody) {
        try {
            return mapper.readTree(requestBody).path("metadata").path("name").asString("");
        } catch (JacksonException e) {
            return "";
        }
    }

    /** The request body, read without consuming it (the store reads it after us). */
    static String bodyOf(RecordedRequest request) {
        return request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
    }

    private String message(MockResponse stored) {
        if (stored.getBody() == null || stored.getBody().size() == 0) {
            return "the request could not be completed";
        }
        String body = new String(stored.getBody().getBytes(), StandardCharsets.UTF_8);
        try {
            String m = mapper.readTree(body).path("message").asString("");
            return m.isEmpty() ? body : m;
        } catch (JacksonException e) {
            return body;
        }
    }
}
