package org.kfm.breakglass.endpoint.wire;

import java.util.Map;

/** Encoders for the client messages the endpoint sends upstream on its own (login, cancel, refusals, end). */
public final class FrontendMessages {

    private FrontendMessages() {}

    /** StartupMessage for protocol 3.0 with the parameters in order. */
    public static byte[] startupMessage(Map<String, String> parameters) {
        var b = new MessageBuilder('\0').int32(3 << 16);
        parameters.forEach((name, value) -> b.cstring(name).cstring(value));
        return b.int8(0).untypedPacket();
    }

    public static byte[] cancelRequest(int processId, int secretKey) {
        return new MessageBuilder('\0')
                .int32(FrontendReader.CANCEL_REQUEST_CODE)
                .int32(processId)
                .int32(secretKey)
                .untypedPacket();
    }

    public static byte[] sslRequest() {
        return new MessageBuilder('\0').int32(FrontendReader.SSL_REQUEST_CODE).untypedPacket();
    }

    public static byte[] gssEncRequest() {
        return new MessageBuilder('\0')
                .int32(FrontendReader.GSSENC_REQUEST_CODE)
                .untypedPacket();
    }

    public static Frame saslInitialResponse(String mechanism, byte[] data) {
        return new MessageBuilder('p')
                .cstring(mechanism)
                .int32(data.length)
                .bytes(data)
                .frame();
    }

    public static Frame saslResponse(byte[] data) {
        return new MessageBuilder('p').bytes(data).frame();
    }

    public static Frame query(String sql) {
        return new MessageBuilder('Q').cstring(sql).frame();
    }

    public static Frame parse(String statement, String sql) {
        return new MessageBuilder('P').cstring(statement).cstring(sql).int16(0).frame();
    }

    public static Frame bind(String portal, String statement) {
        return new MessageBuilder('B')
                .cstring(portal)
                .cstring(statement)
                .int16(0)
                .int16(0)
                .int16(0)
                .frame();
    }

    public static Frame execute(String portal, int maxRows) {
        return new MessageBuilder('E').cstring(portal).int32(maxRows).frame();
    }

    public static Frame describe(char kind, String name) {
        return new MessageBuilder('D').int8(kind).cstring(name).frame();
    }

    public static Frame close(char kind, String name) {
        return new MessageBuilder('C').int8(kind).cstring(name).frame();
    }

    public static Frame sync() {
        return new MessageBuilder('S').frame();
    }

    public static Frame flush() {
        return new MessageBuilder('H').frame();
    }

    public static Frame terminate() {
        return new MessageBuilder('X').frame();
    }
}
