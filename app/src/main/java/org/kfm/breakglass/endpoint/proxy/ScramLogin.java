package org.kfm.breakglass.endpoint.proxy;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.kfm.breakglass.endpoint.auth.ScramFailure;
import org.kfm.breakglass.endpoint.auth.ScramServerExchange;
import org.kfm.breakglass.endpoint.auth.ScramVerifier;
import org.kfm.breakglass.endpoint.wire.BackendMessages;
import org.kfm.breakglass.endpoint.wire.Frame;
import org.kfm.breakglass.endpoint.wire.FrontendDecoder;
import org.kfm.breakglass.endpoint.wire.FrontendReader;
import org.kfm.breakglass.endpoint.wire.ProtocolViolation;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.endpoint.wire.WireOutput;

/** The {@code --tcp} listener's password check: SCRAM-SHA-256 against the one-time password's verifier. */
final class ScramLogin {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ScramLogin() {}

    static void authenticate(FrontendReader in, WireOutput out, ScramVerifier verifier, String user)
            throws IOException, ProtocolViolation, LoginFailed {
        out.write(BackendMessages.authenticationSasl(List.of("SCRAM-SHA-256")));
        out.flush();
        var exchange = new ScramServerExchange(verifier, ScramLogin::nonce);
        try {
            var first = FrontendDecoder.saslInitialResponse(next(in));
            if (!"SCRAM-SHA-256".equals(first.mechanism()) || first.data() == null) {
                throw new LoginFailed(ServerNotice.fatal(
                        "28000", "the endpoint offers SCRAM-SHA-256 only, not " + first.mechanism(), null, null));
            }
            out.write(BackendMessages.authenticationSaslContinue(exchange.serverFirst(first.data())));
            out.flush();
            byte[] serverFinal = exchange.serverFinal(FrontendDecoder.saslResponse(next(in)));
            out.write(BackendMessages.authenticationSaslFinal(serverFinal));
        } catch (ScramFailure e) {
            throw new LoginFailed(
                    e.wrongPassword()
                            ? ServerNotice.fatal(
                                    "28P01", "password authentication failed for user \"" + user + "\"", null, null)
                            : ServerNotice.fatal("08P01", "malformed SCRAM message: " + e.getMessage(), null, null));
        }
    }

    private static Frame next(FrontendReader in) throws IOException, ProtocolViolation {
        Frame frame = in.readMessage(true);
        if (frame == null || frame.typeChar() == 'X') {
            throw new IOException("the client left during authentication");
        }
        return frame;
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
