package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/**
 * Kubernetes {@code Status} error bodies, worded like the real API server's: {@code kind: Status},
 * {@code status: Failure}, the HTTP code, a reason ({@code NotFound}, {@code AlreadyExists}, {@code Conflict},
 * {@code Invalid}, {@code Forbidden}, ...) and, for errors about one object, {@code details} with its name, group and
 * resource ({@code kind} in details is the resource, as the API server writes it).
 */
final class StatusResponses {

    private StatusResponses() {}

    static MockResponse error(int code, String reason, String message) {
        return error(code, reason, message, null);
    }

    static MockResponse error(int code, String reason, String message, StatusDetails details) {
        Status status = new StatusBuilder()
                .withApiVersion("v1")
                .withKind("Status")
                .withNewMetadata()
                .endMetadata()
                .withStatus("Failure")
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .withDetails(details)
                .build();
        return json(code, Serialization.asJson(status));
    }

    static MockResponse unauthorized() {
        return error(401, "Unauthorized", "Unauthorized");
    }

    static MockResponse forbidden(ApiRequest req, String user) {
        String qualified = qualified(req.group(), req.rbacResource());
        String what = qualified + (req.name() == null ? "" : " \"" + req.name() + "\"");
        String where =
                req.namespace() == null ? "at the cluster scope" : "in the namespace \"" + req.namespace() + "\"";
        return error(
                403,
                "Forbidden",
                what + " is forbidden: User \"" + user + "\" cannot " + req.verb() + " resource \"" + req.rbacResource()
                        + "\" in API group \"" + req.group() + "\" " + where,
                details(req.group(), req.rbacResource(), req.name()));
    }

    static MockResponse notFound(ApiRequest req) {
        return error(
                404,
                "NotFound",
                qualified(req.group(), req.resource()) + " \"" + req.name() + "\" not found",
                details(req.group(), req.resource(), req.name()));
    }

    static MockResponse alreadyExists(ApiRequest req, String name) {
        return error(
                409,
                "AlreadyExists",
                qualified(req.group(), req.resource()) + " \"" + name + "\" already exists",
                details(req.group(), req.resource(), name));
    }

    static MockResponse conflict(ApiRequest req) {
        return error(
                409,
                "Conflict",
                "Operation cannot be fulfilled on " + qualified(req.group(), req.resource()) + " \"" + req.name()
                        + "\": the object has been modified; please apply your changes to the latest version and try"
                        + " again",
                details(req.group(), req.resource(), req.name()));
    }

    /** 422: the object is invalid; {@code field} and {@code problem} as the API server's field error says them. */
    static MockResponse invalid(ApiResource type, String name, String field, String value, String problem) {
        String kind = type.group().isEmpty() ? type.kind() : type.kind() + "." + type.group();
        String cause = "Invalid value: \"" + value + "\": " + problem;
        StatusDetails details = new StatusDetailsBuilder()
                .withName(name)
                .withGroup(type.group().isEmpty() ? null : type.group())
                .withKind(type.kind())
                .withCauses(List.of(new StatusCause(field, cause, "FieldValueInvalid")))
                .build();
        return error(
                422,
                "Invalid",
                kind + " \"" + (name == null ? "" : name) + "\" is invalid: " + field + ": " + cause,
                details);
    }

    static MockResponse injected(int code) {
        return error(
                code,
                code == 401 ? "Unauthorized" : code == 403 ? "Forbidden" : "InternalError",
                "injected fault: the API server answers " + code);
    }

    /** The reason an API server gives for a status code without a more specific one. */
    static String reasonFor(int code) {
        return switch (code) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 409 -> "Conflict";
            case 410 -> "Expired";
            case 415 -> "UnsupportedMediaType";
            case 422 -> "Invalid";
            case 429 -> "TooManyRequests";
            case 503 -> "ServiceUnavailable";
            case 504 -> "Timeout";
            default -> code >= 500 ? "InternalError" : "BadRequest";
        };
    }

    static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }

    private static StatusDetails details(String group, String resource, String name) {
        return new StatusDetailsBuilder()
                .withName(name)
                .withGroup(group.isEmpty() ? null : group)
                .withKind(resource)
                .build();
    }

    /** {@code pods}, {@code statefulsets.apps}, {@code clusters.postgresql.cnpg.io}: how errors name a resource. */
    private static String qualified(String group, String resource) {
        return group.isEmpty() ? resource : resource + "." + group;
    }
}
