package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * The fake API server's front door: checks the bearer token, applies injected faults and RBAC denials, answers
 * access reviews, upgrades port-forward requests to a {@link PortForwardBridge}, and hands everything else to
 * fabric8's CRUD dispatcher.
 *
 * <p>Runs on the Vert.x event loop, so nothing here may block (latency is a body delay on a timer).
 */
final class ClusterDispatcher extends Dispatcher {

    private final KubernetesMixedDispatcher crud;
    private final FaultState faults;
    private final AccessReviews reviews;
    private final OpenForwards forwards;
    private final ForwardTraffic traffic;
    private final String operatorToken;
    private final String adminToken;
    private final IntFunction<InetSocketAddress> podPorts;

    /**
     * @param podPorts where a port of the PostGIS pod really listens (null: nothing listens there)
     */
    ClusterDispatcher(
            KubernetesMixedDispatcher crud,
            FaultState faults,
            OpenForwards forwards,
            ForwardTraffic traffic,
            String operatorToken,
            String adminToken,
            IntFunction<InetSocketAddress> podPorts) {
        this.crud = crud;
        this.faults = faults;
        this.reviews = new AccessReviews(faults);
        this.forwards = forwards;
        this.traffic = traffic;
        this.operatorToken = operatorToken;
        this.adminToken = adminToken;
        this.podPorts = podPorts;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String token = bearerToken(request);
        if (adminToken.equals(token)) {
            return crud.dispatch(request); // the harness itself: never subject to faults
        }
        if (!operatorToken.equals(token)) {
            return StatusResponses.unauthorized();
        }
        ApiRequest req = ApiRequest.parse(request.getMethod(), request.getPath());
        if (req.isPortForward()) {
            return portForward(req);
        }
        return delayed(answer(request, req));
    }

    private MockResponse answer(RecordedRequest request, ApiRequest req) {
        int failure = faults.apiFailureStatus();
        if (failure != 0) {
            return StatusResponses.injected(failure);
        }
        if (AccessReviews.isAccessReview(req)) {
            return reviews.accessReview(request);
        }
        if (AccessReviews.isSelfReview(req)) {
            return reviews.selfReview(request);
        }
        if (!req.resource().isEmpty() && faults.denies(req.verb(), req.rbacResource())) {
            return StatusResponses.forbidden(req, AccessReviews.USERNAME);
        }
        return crud.dispatch(request);
    }

    private MockResponse portForward(ApiRequest req) {
        // Since Kubernetes 1.30 a websocket port-forward needs "create" on pods/portforward.
        ApiRequest asCreate = new ApiRequest(
                "create", req.group(), req.resource(), req.subresource(), req.namespace(), req.name(), req.query());
        if (faults.denies("create", "pods/portforward")) {
            return StatusResponses.forbidden(asCreate, AccessReviews.USERNAME);
        }
        if (!podExists(req.namespace(), req.name())) {
            return StatusResponses.notFound(req);
        }
        int port;
        try {
            port = Integer.parseInt(req.query().getOrDefault("ports", ""));
        } catch (NumberFormatException e) {
            return StatusResponses.error(400, "BadRequest", "query parameter 'ports' must be one port number");
        }
        if (port < 1 || port > 65535) {
            return StatusResponses.error(400, "BadRequest", "port " + port + " is out of range 1..65535");
        }
        InetSocketAddress backend = StageObjects.POD.equals(req.name()) ? podPorts.apply(port) : null;
        return new MockResponse()
                .withWebSocketUpgrade(
                        new PortForwardBridge(req.namespace(), req.name(), port, backend, forwards, traffic));
    }

    private boolean podExists(String namespace, String pod) {
        // Ask the CRUD store in-process: an HTTP round trip from the event loop to itself would deadlock.
        RecordedRequest get = new RecordedRequest(
                "HTTP/1.1",
                HttpMethod.GET,
                "/api/v1/namespaces/" + namespace + "/pods/" + pod,
                Headers.builder().build(),
                new Buffer());
        return crud.dispatch(get).code() == 200;
    }

    private MockResponse delayed(MockResponse response) {
        Duration latency = faults.latency();
        if (!latency.isZero() && response.getWebSocketListener() == null) {
            response.setBodyDelay(latency);
        }
        return response;
    }

    private static String bearerToken(RecordedRequest request) {
        String auth = request.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "";
        }
        return auth.substring(7).trim();
    }

    @Override
    public void shutdown() {
        forwards.dropAll(null, null);
        crud.shutdown();
    }
}
