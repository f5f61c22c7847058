package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * The fake API server's front door: checks the bearer token, applies injected faults and RBAC denials, answers
 * discovery and access reviews, refuses resource types it does not serve (404, as an API server does), upgrades
 * port-forward requests to a {@link PortForwardBridge}, serves pod logs, and hands everything else to fabric8's CRUD
 * store, whose answers {@link CrudResponses} turns into the API server's.
 *
 * <p>Runs on the Vert.x event loop, so nothing here may block (latency is a body delay on a timer).
 */
final class ClusterDispatcher extends Dispatcher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClusterDispatcher.class);

    /** Where a pod's port really listens, or empty when nothing does (the kubelet then reports an error). */
    interface PodPorts {
        Optional<InetSocketAddress> backend(String namespace, String pod, int port);
    }

    /** A pod's container log, answered or streamed. */
    interface PodLogs {
        MockResponse answer(ApiRequest req);
    }

    private final CrudStore crud;
    private final StoreView store;
    private final Discovery discovery;
    private final CrudResponses responses = CrudResponses.create();
    private final FaultState faults;
    private final AccessReviews reviews;
    private final OpenForwards forwards;
    private final ForwardTraffic traffic;
    private final String operatorToken;
    private final String adminToken;
    private final PodPorts podPorts;
    private volatile PodLogs podLogs = req -> StatusResponses.error(404, "NotFound", "no pod logs here");
    private volatile String serverAddress = "127.0.0.1:0";
    private final java.util.Queue<String> operatorRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();

    ClusterDispatcher(
            CrudStore crud,
            FaultState faults,
            OpenForwards forwards,
            ForwardTraffic traffic,
            String operatorToken,
            String adminToken,
            PodPorts podPorts) {
        this.crud = crud;
        this.store = new StoreView(crud);
        this.discovery = new Discovery(
                () -> store.list(
                        "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CustomResourceDefinition.class),
                () -> serverAddress);
        this.faults = faults;
        this.reviews = new AccessReviews(faults);
        this.forwards = forwards;
        this.traffic = traffic;
        this.operatorToken = operatorToken;
        this.adminToken = adminToken;
        this.podPorts = podPorts;
    }

    StoreView store() {
        return store;
    }

    Discovery discovery() {
        return discovery;
    }

    void servePodLogs(PodLogs logs) {
        this.podLogs = logs;
    }

    /** Every request the operator's token made, as {@code METHOD path?query}, in arrival order. */
    java.util.List<String> operatorRequests() {
        return java.util.List.copyOf(operatorRequests);
    }

    void clearOperatorRequests() {
        operatorRequests.clear();
    }

    void serverAddress(String hostPort) {
        this.serverAddress = hostPort;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return dispatchChecked(request);
        } catch (RuntimeException e) {
            // An exception on the event loop would leave the client waiting forever; an API server answers 500.
            LOG.warn("fake API server failed on {} {}: {}", request.getMethod(), request.getPath(), e.toString(), e);
            return StatusResponses.error(500, "InternalError", "fake API server error: " + e);
        }
    }

    private MockResponse dispatchChecked(RecordedRequest request) {
        String token = bearerToken(request);
        boolean harness = adminToken.equals(token);
        if (!harness && !operatorToken.equals(token)) {
            return StatusResponses.unauthorized();
        }
        ApiRequest req = ApiRequest.parse(request.getMethod(), request.getPath());
        if (!harness) {
            operatorRequests.add(request.getMethod() + " " + request.getPath());
        }
        if (!harness && req.isPortForward()) {
            return portForward(req);
        }
        // The harness itself is never subject to faults, RBAC or latency, but sees the API as a client does.
        return harness ? answer(request, req, false) : delayed(answer(request, req, true));
    }

    private MockResponse answer(RecordedRequest request, ApiRequest req, boolean operator) {
        if (operator) {
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
        }
        if (!req.isResourceRequest()) {
            return Discovery.isDiscoveryPath(request.getPath())
                    ? discovery.answer(request.getPath(), request.getHeader("Accept"))
                    : Discovery.notFound();
        }
        if (operator && faults.denies(req.verb(), req.rbacResource())) {
            return StatusResponses.forbidden(req, AccessReviews.USERNAME);
        }
        Optional<ApiResource> type = discovery.find(req.group(), req.version(), req.resource());
        if (type.isEmpty() || (!req.subresource().isEmpty() && !type.get().hasSubresource(req.subresource()))) {
            return Discovery.notFound();
        }
        if (req.isPodLog()) {
            return podLogs.answer(req);
        }
        MockResponse invalid = responses.invalidName(request, req, type.get());
        if (invalid != null) {
            return invalid;
        }
        String body = CrudResponses.bodyOf(request); // the store consumes the request body
        return responses.shape(req, type.get(), body, crud.dispatch(request));
    }

    private MockResponse portForward(ApiRequest req) {
        // Since Kubernetes 1.30 a websocket port-forward needs "create" on pods/portforward.
        ApiRequest asCreate = req.asVerb("create");
        if (faults.denies("create", "pods/portforward")) {
            return StatusResponses.forbidden(asCreate, AccessReviews.USERNAME);
        }
        if (!store.exists("/api/v1/namespaces/" + req.namespace() + "/pods/" + req.name())) {
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
        InetSocketAddress backend =
                podPorts.backend(req.namespace(), req.name(), port).orElse(null);
        return new MockResponse()
                .withWebSocketUpgrade(
                        new PortForwardBridge(req.namespace(), req.name(), port, backend, forwards, traffic));
    }

    private MockResponse delayed(MockResponse response) {
        Duration latency = faults.latency();
        if (!latency.isZero() && response.getWebSocketListener() == null && !(response instanceof StreamedResponse)) {
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
