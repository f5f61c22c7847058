package org.kfm.breakglass.kube;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads database credentials from a Kubernetes Secret. Errors name the Secret and key, never a value; the
 * password is decoded straight into a char array without passing through a String.
 */
public final class SecretReader {

    private final ClusterAccess access;

    public SecretReader(ClusterAccess access) {
        this.access = access;
    }

    /** Reads {@code userKey} and {@code passwordKey} of Secret {@code namespace/secretName}. */
    public DbCredentials read(String namespace, String secretName, String userKey, String passwordKey) {
        String where = "Secret " + namespace + "/" + secretName;
        var secret = access.call(
                "read " + where + " (needs 'get secrets' in " + namespace
                        + "; otherwise enter the database password by hand)",
                () -> access.client()
                        .secrets()
                        .inNamespace(namespace)
                        .withName(secretName)
                        .get());
        if (secret == null) {
            throw new KubeAccessException(where + " does not exist: check the Secret name in the policy, "
                    + "or enter the database credentials by hand");
        }
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        Map<String, String> stringData = secret.getStringData() == null ? Map.of() : secret.getStringData();
        byte[] user = value(where, userKey, data, stringData);
        byte[] password = value(where, passwordKey, data, stringData);
        try {
            return new DbCredentials(
                    new String(user, StandardCharsets.UTF_8), decodeUtf8(where, passwordKey, password));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private static byte[] value(String where, String key, Map<String, String> data, Map<String, String> stringData) {
        if (data.containsKey(key)) {
            try {
                return Base64.getDecoder().decode(data.get(key));
            } catch (IllegalArgumentException e) {
                throw new KubeAccessException(where + " key '" + key + "' is not valid base64: fix the Secret");
            }
        }
        if (stringData.containsKey(key)) {
            return stringData.get(key).getBytes(StandardCharsets.UTF_8);
        }
        throw new KubeAccessException(where + " has no key '" + key + "' (it has "
                + data.keySet().stream().sorted().toList() + "): set the key names in the policy to match the Secret");
    }

    private static char[] decodeUtf8(String where, String key, byte[] bytes) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException e) {
            throw new KubeAccessException(where + " key '" + key + "' is not UTF-8 text: fix the Secret");
        }
    }
}
