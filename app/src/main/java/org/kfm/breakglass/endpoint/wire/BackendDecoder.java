package org.kfm.breakglass.endpoint.wire;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Decoders for the server messages the endpoint reads: login, status, results' shape, errors. */
public final class BackendDecoder {

    private BackendDecoder() {}

    /** {@code R}: the request code and what follows it (mechanisms, SASL data, an MD5 salt). */
    public static Authentication authentication(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("Authentication", bytes);
        int code = body.int32();
        return new Authentication(code, body.rest());
    }

    /** The NUL-terminated mechanism names of an AuthenticationSASL, ended by an empty one. */
    public static List<String> saslMechanisms(byte[] data) throws ProtocolViolation {
        var body = new MessageBody("AuthenticationSASL", data);
        var names = new ArrayList<String>();
        while (true) {
            String name = body.cstring();
            if (name.isEmpty()) {
                break;
            }
            names.add(name);
        }
        body.end();
        return names;
    }

    public static ParameterStatus parameterStatus(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("ParameterStatus", bytes);
        String name = body.cstring();
        String value = body.cstring();
        body.end();
        return new ParameterStatus(name, value);
    }

    public static BackendKeyData backendKeyData(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("BackendKeyData", bytes);
        int pid = body.int32();
        int key = body.int32();
        body.end();
        return new BackendKeyData(pid, key);
    }

    public static char readyForQuery(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("ReadyForQuery", bytes);
        int status = body.int8();
        body.end();
        if (status != 'I' && status != 'T' && status != 'E') {
            throw body.violation("transaction status '" + FrontendReader.printable(status) + "'");
        }
        return (char) status;
    }

    public static String commandComplete(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("CommandComplete", bytes);
        String tag = body.cstring();
        body.end();
        return tag;
    }

    /** ErrorResponse or NoticeResponse. */
    public static ServerNotice notice(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("ErrorResponse", bytes);
        var fields = new LinkedHashMap<Character, String>();
        while (true) {
            int code = body.int8();
            if (code == 0) {
                break;
            }
            fields.put((char) code, body.cstring());
        }
        body.end();
        return new ServerNotice(fields);
    }

    /** The column names of a RowDescription. */
    public static List<String> rowDescription(byte[] bytes) throws ProtocolViolation {
        var body = new MessageBody("RowDescription", bytes);
        int count = body.int16();
        if (count < 0) {
            throw body.violation("a negative field count");
        }
        var names = new ArrayList<String>(count);
        for (int i = 0; i < count; i++) {
            names.add(body.cstring());
            body.int32(); // table OID
            body.int16(); // column number
            body.int32(); // type OID
            body.int16(); // type length
            body.int32(); // type modifier
            body.int16(); // format
        }
        body.end();
        return names;
    }

    public record Authentication(int code, byte[] data) {}

    public record ParameterStatus(String name, String value) {}

    public record BackendKeyData(int processId, int secretKey) {}
}
