package org.kfm.breakglass.endpoint.wire;

import java.util.List;
import java.util.Map;

/** Encoders for the server messages the endpoint sends on its own (everything else is relayed as received). */
public final class BackendMessages {
    /** The one-byte answer to SSLRequest and GSSENCRequest: "not here". */
    public static final byte NOT_SUPPORTED = 'N';

    public static final int AUTH_OK = 0;
    public static final int AUTH_CLEARTEXT = 3;
    public static final int AUTH_MD5 = 5;
    public static final int AUTH_SASL = 10;
    public static final int AUTH_SASL_CONTINUE = 11;
    public static final int AUTH_SASL_FINAL = 12;

    private BackendMessages() {}

    public static Frame errorResponse(ServerNotice notice) {
        return fields('E', notice);
    }

    public static Frame noticeResponse(ServerNotice notice) {
        return fields('N', notice);
    }

    private static Frame fields(char type, ServerNotice notice) {
        var b = new MessageBuilder(type);
        for (Map.Entry<Character, String> field : notice.fields().entrySet()) {
            b.int8(field.getKey()).cstring(field.getValue().replace('\0', ' '));
        }
        return b.int8(0).frame();
    }

    /** {@code Z} with the transaction status: {@code I} idle, {@code T} in a block, {@code E} in a failed block. */
    public static Frame readyForQuery(char status) {
        if (status != 'I' && status != 'T' && status != 'E') {
            throw new IllegalArgumentException("transaction status must be I, T or E");
        }
        return new MessageBuilder('Z').int8(status).frame();
    }

    public static Frame authenticationOk() {
        return new MessageBuilder('R').int32(AUTH_OK).frame();
    }

    /** AuthenticationSASL with the mechanisms offered (the endpoint offers SCRAM-SHA-256 only). */
    public static Frame authenticationSasl(List<String> mechanisms) {
        var b = new MessageBuilder('R').int32(AUTH_SASL);
        mechanisms.forEach(b::cstring);
        return b.int8(0).frame();
    }

    public static Frame authenticationSaslContinue(byte[] data) {
        return new MessageBuilder('R').int32(AUTH_SASL_CONTINUE).bytes(data).frame();
    }

    public static Frame authenticationSaslFinal(byte[] data) {
        return new MessageBuilder('R').int32(AUTH_SASL_FINAL).bytes(data).frame();
    }

    public static Frame parameterStatus(String name, String value) {
        return new MessageBuilder('S').cstring(name).cstring(value).frame();
    }

    public static Frame backendKeyData(int processId, int secretKey) {
        return new MessageBuilder('K').int32(processId).int32(secretKey).frame();
    }

    /** {@code v}: the newest minor version the endpoint speaks (0) and the protocol options it did not know. */
    public static Frame negotiateProtocolVersion(int newestMinor, List<String> unrecognized) {
        var b = new MessageBuilder('v').int32((3 << 16) | newestMinor).int32(unrecognized.size());
        unrecognized.forEach(b::cstring);
        return b.frame();
    }
}
