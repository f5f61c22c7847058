package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kfm.breakglass.kube.target.SecretLayout;

/**
 * Reads database credentials from a Kubernetes Secret without ever holding the password in a {@link String}.
 * fabric8's {@code secrets().get()} would: its model keeps every value as a base64 String. So this class sends a
 * plain GET of the Secret through the client's own HTTP client (same authentication, token refresh, TLS
 * verification and retries as every other call), collects the body into a byte array it owns, and hands that to
 * {@link SecretDocument}, which decodes the two values with Jackson's streaming parser straight into bytes and
 * chars. Every buffer this class fills is wiped before it returns. Errors name the Secret and key, never a value.
 */
public final class SecretReader {
    private static final long TIMEOUT_SECONDS = 60;

    private final ClusterAccess access;

    public SecretReader(ClusterAccess access) {
        this.access = access;
    }

    /** Reads {@code userKey} and {@code passwordKey} of Secret {@code namespace/secretName}. */
    public DbCredentials read(String namespace, String secretName, String userKey, String passwordKey) {
        return read(namespace, SecretLayout.of(secretName, userKey, passwordKey));
    }

    /**
     * Reads the credentials a target's {@link SecretLayout} describes: the first of its user keys the Secret has,
     * the password, and the database when the layout has a database key and the Secret that key (else the layout's
     * default database, from the operator's manifest).
     */
    public DbCredentials read(String namespace, SecretLayout layout) {
        KubeNames.requireNamespace(namespace);
        String secretName = layout.secretName();
        if (!KubeNames.isSubdomain(secretName)) {
            throw new KubeAccessException("Secret name '" + org.kfm.breakglass.text.TerminalText.escape(secretName)
                    + "' is not a Kubernetes object name: fix credentials.*.secret in the policy");
        }
        String where = "Secret " + namespace + "/" + secretName;
        String action = "read " + where + " (needs 'get secrets' in " + namespace
                + "; otherwise enter the database password" + " by hand)";
        var body = new Body();
        try {
            int code = get(namespace, secretName, body, action);
            if (code == 404) {
                throw new KubeAccessException(where + " does not exist: check the Secret name in the policy, "
                        + "or enter the database credentials by hand");
            }
            if (!HttpResponse.isSuccessful(code)) {
                throw access.translate(action, new KubernetesClientException("HTTP " + code, code, null));
            }
            return SecretDocument.credentials(where, body.bytes(), body.length(), layout);
        } finally {
            body.wipe();
        }
    }

    private int get(String namespace, String secretName, Body body, String action) {
        var http = access.client().getHttpClient();
        String master = access.client().getMasterUrl().toString();
        String url = (master.endsWith("/") ? master : master + "/") + "api/v1/namespaces/" + namespace + "/secrets/"
                + secretName;
        var request = http.newHttpRequestBuilder()
                .uri(url)
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<AsyncBody> response = http.consumeBytes(request, body).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            response.body().consume();
            response.body().done().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return response.code();
        } catch (ExecutionException e) {
            throw access.translate(
                    action, new KubernetesClientException(e.getCause().getMessage(), e.getCause()));
        } catch (TimeoutException e) {
            throw access.translate(action, new KubernetesClientException("no answer in time", e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeAccessException("interrupted while trying to " + action, e);
        }
    }

    /** The response body, copied out of the client's buffers (which are wiped where they can be written). */
    private static final class Body implements AsyncBody.Consumer<List<ByteBuffer>> {
        private byte[] bytes = new byte[8192];
        private int length;

        @Override
        public synchronized void consume(List<ByteBuffer> buffers, AsyncBody asyncBody) {
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                ensure(length + n);
                int start = buffer.position();
                buffer.get(bytes, length, n);
                length += n;
                if (buffer.hasArray() && !buffer.isReadOnly()) {
                    Arrays.fill(
                            buffer.array(), buffer.arrayOffset() + start, buffer.arrayOffset() + start + n, (byte) 0);
                }
            }
            asyncBody.consume();
        }

        private void ensure(int capacity) {
            if (capacity > bytes.length) {
                byte[] bigger = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
                Arrays.fill(bytes, (byte) 0);
                bytes = bigger;
            }
        }

        synchronized byte[] bytes() {
            return bytes;
        }

        synchronized int length() {
            return length;
        }

        synchronized void wipe() {
            Arrays.fill(bytes, (byte) 0);
            length = 0;
        }
    }
}
