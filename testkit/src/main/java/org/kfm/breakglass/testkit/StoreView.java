package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads the CRUD store in-process, for answers the dispatcher composes itself (discovery's CRDs, a pod's
 * containers for its log). An HTTP round trip from the event loop to the same server would deadlock.
 */
final class StoreView {

    private final CrudStore crud;
    private final ObjectMapper mapper = Serialization.jsonMapper();

    StoreView(CrudStore crud) {
        this.crud = crud;
    }

    Optional<JsonNode> get(String path) {
        MockResponse r = crud.dispatch(new RecordedRequest(
                "HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
        if (r.code() != 200 || r.getBody() == null) {
            return Optional.empty();
        }
        return Optional.of(mapper.readTree(new String(r.getBody().getBytes(), StandardCharsets.UTF_8)));
    }

    <T> Optional<T> get(String path, Class<T> type) {
        return get(path).map(n -> mapper.treeToValue(n, type));
    }

    <T> List<T> list(String path, Class<T> type) {
        var out = new ArrayList<T>();
        get(path).ifPresent(list -> list.path("items").forEach(item -> out.add(mapper.treeToValue(item, type))));
        return out;
    }

    boolean exists(String path) {
        return get(path).isPresent();
    }
}
