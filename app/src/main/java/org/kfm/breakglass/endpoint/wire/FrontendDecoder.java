package org.kfm.breakglass.endpoint.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a client frame into its {@link FrontendMessage}, checking it as strictly as PostgreSQL's
 * {@code postgres.c} does (and a little more: a malformed message is a violation here, where the server would
 * answer some with an ERROR and go on). Password and SASL messages ({@code p}) depend on the authentication step,
 * so they have their own methods.
 */
public final class FrontendDecoder {

    private FrontendDecoder() {}

    public static FrontendMessage decode(Frame frame) throws ProtocolViolation {
        return switch (frame.typeChar()) {
            case 'Q' -> query(frame);
            case 'P' -> parse(frame);
            case 'B' -> bind(frame);
            case 'E' -> execute(frame);
            case 'D' -> {
                var body = new MessageBody("Describe", frame.body());
                char kind = kind(body);
                String name = body.cstring();
                body.end();
                yield new FrontendMessage.Describe(kind, name);
            }
            case 'C' -> {
                var body = new MessageBody("Close", frame.body());
                char kind = kind(body);
                String name = body.cstring();
                body.end();
                yield new FrontendMessage.Close(kind, name);
            }
            case 'S' -> empty(frame, "Sync", new FrontendMessage.Sync());
            case 'H' -> empty(frame, "Flush", new FrontendMessage.Flush());
            case 'X' -> empty(frame, "Terminate", new FrontendMessage.Terminate());
            case 'c' -> empty(frame, "CopyDone", new FrontendMessage.CopyDone());
            case 'd' -> new FrontendMessage.CopyData(frame.body().length);
            case 'f' -> {
                var body = new MessageBody("CopyFail", frame.body());
                String message = body.cstring();
                body.end();
                yield new FrontendMessage.CopyFail(message);
            }
            case 'F' -> functionCall(frame);
            default ->
                throw new ProtocolViolation(
                        "invalid frontend message type '" + FrontendReader.printable(frame.type() & 0xFF) + "'");
        };
    }

    private static FrontendMessage query(Frame frame) throws ProtocolViolation {
        var body = new MessageBody("Query", frame.body());
        String sql = body.cstring();
        body.end();
        return new FrontendMessage.Query(sql);
    }

    private static FrontendMessage parse(Frame frame) throws ProtocolViolation {
        var body = new MessageBody("Parse", frame.body());
        String name = body.cstring();
        String sql = body.cstring();
        int count = body.int16();
        if (count < 0) {
            throw body.violation("a negative parameter type count");
        }
        var types = new ArrayList<Integer>(count);
        for (int i = 0; i < count; i++) {
            types.add(body.int32());
        }
        body.end();
        return new FrontendMessage.Parse(name, sql, types);
    }

    private static FrontendMessage bind(Frame frame) throws ProtocolViolation {
        var body = new MessageBody("Bind", frame.body());
        String portal = body.cstring();
        String statement = body.cstring();
        List<Integer> formats = formats(body, "parameter format");
        int count = body.int16();
        if (count < 0) {
            throw body.violation("a negative parameter count");
        }
        if (formats.size() > 1 && formats.size() != count) {
            throw body.violation(formats.size() + " parameter formats for " + count + " parameters");
        }
        var values = new ArrayList<byte[]>(count);
        for (int i = 0; i < count; i++) {
            int length = body.int32();
            if (length == -1) {
                values.add(null);
            } else if (length < -1) {
                throw body.violation("parameter " + (i + 1) + " has length " + length);
            } else {
                values.add(body.bytes(length));
            }
        }
        List<Integer> results = formats(body, "result format");
        body.end();
        return new FrontendMessage.Bind(portal, statement, formats, values, results);
    }

    private static FrontendMessage execute(Frame frame) throws ProtocolViolation {
        var body = new MessageBody("Execute", frame.body());
        String portal = body.cstring();
        int maxRows = body.int32();
        body.end();
        return new FrontendMessage.Execute(portal, maxRows);
    }

    private static FrontendMessage functionCall(Frame frame) throws ProtocolViolation {
        var body = new MessageBody("FunctionCall", frame.body());
        int oid = body.int32();
        List<Integer> formats = formats(body, "argument format");
        int count = body.int16();
        if (count < 0) {
            throw body.violation("a negative argument count");
        }
        if (formats.size() > 1 && formats.size() != count) {
            throw body.violation(formats.size() + " argument formats for " + count + " arguments");
        }
        var args = new ArrayList<byte[]>(count);
        for (int i = 0; i < count; i++) {
            int length = body.int32();
            if (length < -1) {
                throw body.violation("argument " + (i + 1) + " has length " + length);
            }
            args.add(length == -1 ? null : body.bytes(length));
        }
        int resultFormat = body.int16();
        if (resultFormat != 0 && resultFormat != 1) {
            throw body.violation("unsupported result format code " + resultFormat);
        }
        body.end();
        return new FrontendMessage.FunctionCall(oid, formats, args, resultFormat);
    }

    private static List<Integer> formats(MessageBody body, String what) throws ProtocolViolation {
        int count = body.int16();
        if (count < 0) {
            throw body.violation("a negative " + what + " count");
        }
        var formats = new ArrayList<Integer>(count);
        for (int i = 0; i < count; i++) {
            int code = body.int16();
            if (code != 0 && code != 1) {
                throw body.violation("unsupported " + what + " code " + code);
            }
            formats.add(code);
        }
        return formats;
    }

    private static char kind(MessageBody body) throws ProtocolViolation {
        int kind = body.int8();
        if (kind != 'S' && kind != 'P') {
            throw body.violation("kind '" + FrontendReader.printable(kind) + "' (expected S or P)");
        }
        return (char) kind;
    }

    private static FrontendMessage empty(Frame frame, String what, FrontendMessage message) throws ProtocolViolation {
        new MessageBody(what, frame.body()).end();
        return message;
    }

    /** {@code p} as SASLInitialResponse: mechanism name, then the initial response (length -1: none). */
    public static SaslInitialResponse saslInitialResponse(Frame frame) throws ProtocolViolation {
        requirePasswordType(frame);
        var body = new MessageBody("SASLInitialResponse", frame.body());
        String mechanism = body.cstring();
        int length = body.int32();
        byte[] data = length == -1 ? null : body.bytes(length);
        body.end();
        return new SaslInitialResponse(mechanism, data);
    }

    /** {@code p} as SASLResponse: the rest of the body is the client's message. */
    public static byte[] saslResponse(Frame frame) throws ProtocolViolation {
        requirePasswordType(frame);
        return frame.body().clone();
    }

    private static void requirePasswordType(Frame frame) throws ProtocolViolation {
        if (frame.typeChar() != 'p') {
            throw new ProtocolViolation("expected a SASL message, got message type '"
                    + FrontendReader.printable(frame.type() & 0xFF) + "'");
        }
    }

    /** The mechanism a client chose and its first message. */
    public record SaslInitialResponse(String mechanism, byte[] data) {}
}
