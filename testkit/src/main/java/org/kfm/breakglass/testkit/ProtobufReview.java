package org.kfm.breakglass.testkit;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@code SelfSubjectAccessReview} that a client sent as {@code application/vnd.kubernetes.protobuf} (kubectl
 * does for {@code auth can-i}): the {@code k8s\0} magic, the {@code runtime.Unknown} envelope, then the review's
 * spec, by the field numbers of {@code k8s.io/api/authorization/v1/generated.proto}. Only the fields the fake's
 * access review reads are kept; the answer goes back as JSON, which the client also accepts.
 */
final class ProtobufReview {

    static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};

    /** The spec's attributes, keyed as the JSON fields are named. */
    record Attributes(Map<String, String> resource, Map<String, String> nonResource) {}

    private ProtobufReview() {}

    static boolean isProtobuf(String contentType) {
        return contentType != null && contentType.trim().startsWith(CONTENT_TYPE);
    }

    static Attributes read(byte[] body) throws IOException {
        if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, MAGIC.length), MAGIC)) {
            throw new IOException("not a Kubernetes protobuf body (no k8s\\0 magic)");
        }
        byte[] raw = field(CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length), 2);
        if (raw == null) {
            throw new IOException("the protobuf envelope holds no object");
        }
        byte[] spec = field(CodedInputStream.newInstance(raw), 2);
        if (spec == null) {
            return new Attributes(null, null);
        }
        byte[] resource = field(CodedInputStream.newInstance(spec), 1);
        byte[] nonResource = field(CodedInputStream.newInstance(spec), 2);
        return new Attributes(
                resource == null
                        ? null
                        : strings(resource, "namespace", "verb", "group", "version", "resource", "subresource", "name"),
                nonResource == null ? null : strings(nonResource, "path", "verb"));
    }

    /** The bytes of the first length-delimited field {@code number}, or null. */
    private static byte[] field(CodedInputStream in, int number) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == number
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                return in.readByteArray();
            }
            in.skipField(tag);
        }
        return null;
    }

    /** String fields 1..n of a message, named in field-number order. */
    private static Map<String, String> strings(byte[] message, String... names) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message);
        Map<String, String> out = new HashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int number = WireFormat.getTagFieldNumber(tag);
            if (number >= 1
                    && number <= names.length
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                out.put(names[number - 1], in.readStringRequireUtf8());
            } else {
                in.skipField(tag);
            }
        }
        return out;
    }
}
