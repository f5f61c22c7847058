package org.kfm.breakglass.kube;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeSet;
import org.kfm.breakglass.kube.target.SecretLayout;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.util.JsonRecyclerPools;

/**
 * A Secret's JSON, read with Jackson's streaming parser so the password never becomes a String: the base64 of
 * {@code data.<key>} is decoded by the parser straight into a byte buffer this class owns and wipes, then
 * UTF-8-decoded into a fresh {@code char[]}; a {@code stringData.<key>} (which an API server never returns, but
 * a mock may) is copied out of the parser's character buffer. The factory recycles no buffers, so nothing the
 * parser touched stays reachable after it is closed; the input is the caller's array, used in place.
 */
final class SecretDocument {
    private static final JsonFactory JSON = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();

    private SecretDocument() {}

    static DbCredentials credentials(String where, byte[] json, int length, SecretLayout layout) {
        var userKeys = layout.userKeys();
        String passwordKey = layout.passwordKey();
        String databaseKey = layout.databaseKey().orElse(null);
        // One slot per user key, so the layout's preference decides, not the order of keys in the JSON.
        byte[][] users = new byte[userKeys.size()][];
        byte[] database = null;
        char[] password = null;
        var keys = new TreeSet<String>();
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new KubeAccessException(where + ": the API server's answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String section = parser.currentName();
                JsonToken value = parser.nextToken();
                boolean data = "data".equals(section);
                if (value != JsonToken.START_OBJECT || !(data || "stringData".equals(section))) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = parser.currentName();
                    keys.add(key);
                    int userSlot = userKeys.indexOf(key);
                    // data wins over stringData (an API server never returns stringData; a mock may).
                    if (parser.nextToken() != JsonToken.VALUE_STRING) {
                        parser.skipChildren();
                    } else if (key.equals(passwordKey) && (data || password == null)) {
                        wipe(password);
                        password = data ? utf8Chars(where, key, decoded(where, key, parser)) : copied(parser);
                    } else if (userSlot >= 0 && (data || users[userSlot] == null)) {
                        wipe(users[userSlot]);
                        users[userSlot] = plain(where, key, parser, data);
                    } else if (key.equals(databaseKey) && (data || database == null)) {
                        wipe(database);
                        database = plain(where, key, parser, data);
                    }
                }
            }
        } catch (JacksonException e) {
            wipeAll(password, users, database);
            throw new KubeAccessException(where + ": the API server's answer is not valid JSON ("
                    + e.getClass().getSimpleName() + "): check the API server URL");
        } catch (RuntimeException e) {
            wipeAll(password, users, database);
            throw e;
        }
        byte[] user = null;
        for (byte[] candidate : users) {
            if (candidate != null) {
                user = candidate;
                break;
            }
        }
        if (user == null || password == null) {
            wipeAll(password, users, database);
            throw new KubeAccessException(where + " has no key "
                    + (user == null
                            ? (userKeys.size() == 1 ? "'" + userKeys.getFirst() + "'" : "of " + userKeys)
                            : "'" + passwordKey + "'")
                    + " (it has " + keys + "): set the key names in the policy to match the Secret");
        }
        try {
            String db = database == null
                    ? layout.defaultDatabase().orElse(null)
                    : new String(database, StandardCharsets.UTF_8);
            return new DbCredentials(new String(user, StandardCharsets.UTF_8), password, db);
        } finally {
            wipeAll(null, users, database);
        }
    }

    /** A value that is no secret (user, database name): decoded from base64 for data, as is for stringData. */
    private static byte[] plain(String where, String key, JsonParser parser, boolean data) {
        return data ? decoded(where, key, parser) : parser.getString().getBytes(StandardCharsets.UTF_8);
    }

    private static void wipeAll(char[] password, byte[][] users, byte[] database) {
        wipe(password);
        for (byte[] user : users) {
            wipe(user);
        }
        wipe(database);
    }

    /** The value's base64, decoded by the parser into a buffer that is wiped; the result is exactly sized. */
    private static byte[] decoded(String where, String key, JsonParser parser) {
        var out = new WipeableBytes();
        try {
            parser.readBinaryValue(out);
            return out.toByteArray();
        } catch (JacksonException e) {
            throw new KubeAccessException(where + " key '" + key + "' is not valid base64: fix the Secret");
        } finally {
            out.wipe();
        }
    }

    private static char[] copied(JsonParser parser) {
        return Arrays.copyOfRange(
                parser.getStringCharacters(),
                parser.getStringOffset(),
                parser.getStringOffset() + parser.getStringLength());
    }

    private static char[] utf8Chars(String where, String key, byte[] bytes) {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.length);
        try {
            CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), chars, true);
            if (result.isError() || decoder.flush(chars).isError()) {
                throw new KubeAccessException(where + " key '" + key + "' is not UTF-8 text: fix the Secret");
            }
            return Arrays.copyOf(chars.array(), chars.position());
        } finally {
            Arrays.fill(chars.array(), '\0');
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    /** A byte stream whose buffer can be wiped (ByteArrayOutputStream's grows by copying, so wipe on growth). */
    private static final class WipeableBytes extends ByteArrayOutputStream {
        @Override
        public synchronized void write(byte[] b, int off, int len) {
            if (count + len > buf.length) {
                byte[] old = buf;
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + len));
                Arrays.fill(old, (byte) 0);
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            count = 0;
        }
    }
}
