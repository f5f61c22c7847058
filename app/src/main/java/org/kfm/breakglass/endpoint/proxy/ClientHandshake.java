package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.util.ArrayList;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.FrontendReader;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.StartupPacket;
import org.kfm.breakglass.endpoint.wire.WireOutput;

/**
 * The first packets of a connection: {@code SSLRequest} and {@code GSSENCRequest} are answered {@code N} (the
 * socket never leaves the machine; the client goes on in the clear or gives up, as its sslmode says), a
 * {@code CancelRequest} is handed back as such, a {@code StartupMessage} ends the negotiation. A client asking for
 * a newer minor protocol version or protocol options gets {@code NegotiateProtocolVersion} for 3.0 without them.
 */
final class ClientHandshake {
    /** GSSENCRequest, then SSLRequest, then the startup: more is not a client following the protocol. */
    private static final int MAX_NEGOTIATIONS = 2;

    private ClientHandshake() {}

    sealed interface Result {
        record Hello(StartupPacket.StartupMessage startup) implements Result {}

        record Cancel(int processId, int secretKey) implements Result {}

        record Gone() implements Result {}
    }

    static Result run(FrontendReader in, WireOutput out) throws IOException, ProtocolViolation {
        for (int negotiations = 0; ; negotiations++) {
            StartupPacket packet = in.readStartup();
            switch (packet) {
                case null -> {
                    return new Result.Gone();
                }
                case StartupPacket.SslRequest ssl -> refuseEncryption(out, negotiations);
                case StartupPacket.GssEncRequest gss -> refuseEncryption(out, negotiations);
                case StartupPacket.CancelRequest cancel -> {
                    return new Result.Cancel(cancel.processId(), cancel.secretKey());
                }
                case StartupPacket.StartupMessage startup -> {
                    negotiate(startup, out);
                    return new Result.Hello(startup);
                }
            }
        }
    }

    private static void refuseEncryption(WireOutput out, int negotiations) throws IOException, ProtocolViolation {
        if (negotiations >= MAX_NEGOTIATIONS) {
            throw new ProtocolViolation("too many encryption requests before the startup packet");
        }
        out.writeByte(BackendMessages.NOT_SUPPORTED);
        out.flush();
    }

    private static void negotiate(StartupPacket.StartupMessage startup, WireOutput out) throws IOException {
        var unknown = new ArrayList<String>();
        for (String name : startup.parameters().keySet()) {
            if (name.startsWith("_pq_.")) {
                unknown.add(name);
            }
        }
        if (startup.minorVersion() > 0 || !unknown.isEmpty()) {
            out.write(BackendMessages.negotiateProtocolVersion(0, unknown));
        }
    }
}
