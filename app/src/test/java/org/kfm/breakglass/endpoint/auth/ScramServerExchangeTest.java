package org.kfm.breakglass.endpoint.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.endpoint.TestScramClient;

/** The server half of SCRAM-SHA-256: RFC 7677's own example, then everything it must refuse. */
class ScramServerExchangeTest {
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO" + SERVER_NONCE;

    private static ScramServerExchange rfc7677() {
        var verifier =
                ScramVerifier.of("pencil".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
        return new ScramServerExchange(verifier, () -> SERVER_NONCE);
    }

    @Test
    void rfc7677ExampleExchange() throws Exception {
        var exchange = rfc7677();
        assertThat(text(exchange.serverFirst(bytes(CLIENT_FIRST))))
                .isEqualTo("r=" + NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
        assertThat(text(exchange.serverFinal(
                        bytes("c=biws,r=" + NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ="))))
                .isEqualTo("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aWrongProofIsAWrongPassword() throws Exception {
        var exchange = rfc7677();
        exchange.serverFirst(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> exchange.serverFinal(
                        bytes("c=biws,r=" + NONCE + ",p=eHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")))
                .isInstanceOfSatisfying(
                        ScramFailure.class, f -> assertThat(f.wrongPassword()).isTrue());
    }

    @Test
    void theTestsClientAndThisServerAgreeOnAFreshPassword() throws Exception {
        var password = OneTimePassword.generate(new SecureRandom());
        char[] chars = password.reveal();
        var client = new TestScramClient("", chars);
        var exchange = new ScramServerExchange(password.verifier(), () -> "server-nonce");
        byte[] serverFinal = exchange.serverFinal(client.clientFinal(exchange.serverFirst(client.clientFirst())));
        client.verifyServerFinal(serverFinal);
        assertThat(new String(chars)).matches("[A-Za-z0-9_-]{32}");
    }

    @Test
    void refusesChannelBindingAuthzidExtensionsAndTamperedFinalMessages() throws Exception {
        assertThatThrownBy(() -> rfc7677().serverFirst(bytes("p=tls-server-end-point,,n=,r=abc")))
                .hasMessageContaining("channel binding");
        assertThatThrownBy(() -> rfc7677().serverFirst(bytes("n,a=admin,n=,r=abc")))
                .hasMessageContaining("authorization identity");
        assertThatThrownBy(() -> rfc7677().serverFirst(bytes("n,,n=,r=abc,m=ext")))
                .hasMessageContaining("extensions");
        assertThatThrownBy(() -> rfc7677().serverFirst(bytes("n,,n=,r="))).hasMessageContaining("nonce");
        assertThatThrownBy(() -> rfc7677().serverFirst(bytes("x,,n=,r=abc"))).hasMessageContaining("GS2");
        var exchange = rfc7677();
        exchange.serverFirst(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> exchange.serverFinal(bytes("c=eSws,r=" + NONCE + ",p=AAAA")))
                .hasMessageContaining("channel-binding data does not match");
        var other = rfc7677();
        other.serverFirst(bytes(CLIENT_FIRST));
        assertThatThrownBy(() -> other.serverFinal(bytes("c=biws,r=rOprNGfwEbeRWgbNEkqOother,p=AAAA")))
                .hasMessageContaining("nonce does not match");
        var replay = rfc7677();
        assertThatThrownBy(() -> replay.serverFinal(bytes("c=biws,r=" + NONCE + ",p=AAAA")))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> rfc7677().serverFirst(new byte[] {'n', ',', ',', 0x01}))
                .hasMessageContaining("not printable ASCII");
        assertThatThrownBy(() -> ScramVerifier.of("pässword".toCharArray(), new byte[16], 4096))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
