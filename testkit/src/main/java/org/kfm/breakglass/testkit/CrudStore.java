package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * fabric8's CRUD store, with the one thing it does differently from an API server fixed: the UID of a created
 * object is a random version-4 UUID (fabric8 counts, {@code 00000000-0000-0000-0000-000000000005}), so UIDs look
 * like a cluster's and never repeat across fake clusters. Everything else (creationTimestamp, resourceVersion,
 * generation, 409 on a second create, watches) is fabric8's.
 */
final class CrudStore extends KubernetesCrudDispatcher {

    /** The counted UID and its random replacement, for the response of the create that is under way. */
    private static final ThreadLocal<String[]> RENAMED = new ThreadLocal<>();

    @Override
    public void processEvent(
            String path,
            AttributeSet pathAttributes,
            AttributeSet oldAttributes,
            GenericKubernetesResource resource,
            String newState) {
        String state = newState;
        if (oldAttributes == null && resource != null && newState != null) {
            String counted = resource.getMetadata().getUid();
            String random = UUID.randomUUID().toString();
            resource.getMetadata().setUid(random);
            state = newState.replace(uidField(counted), uidField(random));
            RENAMED.set(new String[] {counted, random});
        }
        super.processEvent(path, pathAttributes, oldAttributes, resource, state);
    }

    @Override
    public MockResponse handleCreate(RecordedRequest request) {
        RENAMED.remove();
        MockResponse response = super.handleCreate(request);
        String[] renamed = RENAMED.get();
        RENAMED.remove();
        if (renamed != null && response.getBody() != null) {
            String body = new String(response.getBody().getBytes(), StandardCharsets.UTF_8);
            response.setBody(body.replace(uidField(renamed[0]), uidField(renamed[1])));
        }
        return response;
    }

    private static String uidField(String uid) {
        return "\"uid\":\"" + uid + "\"";
    }
}
