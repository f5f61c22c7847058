package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;

/** Kubernetes {@code Status} error bodies, worded like the real API server's. */
final class StatusResponses {

    private StatusResponses() {}

    static MockResponse error(int code, String reason, String message) {
        Status status = new StatusBuilder()
                .withApiVersion("v1")
                .withKind("Status")
                .withNewMetadata()
                .endMetadata()
                .withStatus("Failure")
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .build();
        return json(code, Serialization.asJson(status));
    }

    static MockResponse unauthorized() {
        return error(401, "Unauthorized", "Unauthorized");
    }

    static MockResponse forbidden(ApiRequest req, String user) {
        String what = req.rbacResource() + (req.name() == null ? "" : " \"" + req.name() + "\"");
        String where =
                req.namespace() == null ? "at the cluster scope" : "in the namespace \"" + req.namespace() + "\"";
        return error(
                403,
                "Forbidden",
                what + " is forbidden: User \"" + user + "\" cannot " + req.verb() + " resource \"" + req.rbacResource()
                        + "\" in API group \"" + req.group() + "\" " + where);
    }

    static MockResponse notFound(ApiRequest req) {
        return error(404, "NotFound", req.resource() + " \"" + req.name() + "\" not found");
    }

    static MockResponse injected(int code) {
        return error(
                code,
                code == 401 ? "Unauthorized" : code == 403 ? "Forbidden" : "InternalError",
                "injected fault: the API server answers " + code);
    }

    static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }
}
