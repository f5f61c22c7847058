package org.kfm.breakglass.endpoint.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The server half of one SCRAM-SHA-256 exchange (RFC 5802 §5, RFC 7677), as PostgreSQL runs it: no channel
 * binding (the endpoint offers only {@code SCRAM-SHA-256}, never {@code -PLUS}, since it has no TLS), no
 * authorization identity, no extensions; the user name in the message is ignored (libpq sends it empty, the
 * startup packet names the user).
 *
 * <pre>
 * client-first:  gs2-header client-first-bare      gs2-header = ("n" | "y") ",,"   bare = "n=" user ",r=" c-nonce
 * server-first:  "r=" c-nonce s-nonce ",s=" salt ",i=" iterations
 * client-final:  "c=" base64(gs2-header) ",r=" nonce ",p=" base64(ClientProof)
 * server-final:  "v=" base64(HMAC(ServerKey, AuthMessage))
 * </pre>
 *
 * The proof is checked as {@code SHA-256(ClientProof XOR HMAC(StoredKey, AuthMessage)) == StoredKey}, compared
 * in constant time.
 */
public final class ScramServerExchange {
    private final ScramVerifier verifier;
    private final Supplier<String> serverNonce;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private boolean done;

    /**
     * @param serverNonce the server's part of the nonce: printable ASCII without commas (production: 18 random
     *     bytes in base64)
     */
    public ScramServerExchange(ScramVerifier verifier, Supplier<String> serverNonce) {
        this.verifier = verifier;
        this.serverNonce = serverNonce;
    }

    /** Reads client-first, returns server-first. */
    public byte[] serverFirst(byte[] clientFirstMessage) throws ScramFailure {
        if (serverFirst != null) {
            throw ScramFailure.malformed("a second client-first-message");
        }
        String message = ascii(clientFirstMessage, "client-first-message");
        String cbind;
        int comma;
        if (message.startsWith("n,") || message.startsWith("y,")) {
            cbind = message.substring(0, 1);
            comma = 1;
        } else if (message.startsWith("p=")) {
            throw ScramFailure.malformed(
                    "the client requires channel binding, which this endpoint does not offer (it has no TLS)");
        } else {
            throw ScramFailure.malformed("client-first-message does not start with a GS2 channel-binding flag");
        }
        int second = message.indexOf(',', comma + 1);
        if (second < 0) {
            throw ScramFailure.malformed("client-first-message lacks the GS2 header's second comma");
        }
        if (second != comma + 1) {
            throw ScramFailure.malformed("an authorization identity (a=) is not supported");
        }
        gs2Header = cbind + ",,";
        clientFirstBare = message.substring(second + 1);
        String[] parts = clientFirstBare.split(",", -1);
        if (parts.length < 2 || !parts[0].startsWith("n=") || !parts[1].startsWith("r=")) {
            throw ScramFailure.malformed("client-first-message-bare must be n=user,r=nonce");
        }
        if (parts.length > 2) {
            throw ScramFailure.malformed("SCRAM extensions are not supported");
        }
        String clientNonce = parts[1].substring(2);
        if (clientNonce.isEmpty() || !printableNonce(clientNonce)) {
            throw ScramFailure.malformed("the client nonce is empty or not printable ASCII");
        }
        String server = serverNonce.get();
        if (server.isEmpty() || !printableNonce(server)) {
            throw new IllegalStateException("the server nonce must be printable ASCII without commas");
        }
        nonce = clientNonce + server;
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(verifier.salt()) + ",i="
                + verifier.iterations();
        return serverFirst.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads client-final, checks the proof, returns server-final. */
    public byte[] serverFinal(byte[] clientFinalMessage) throws ScramFailure {
        if (serverFirst == null || done) {
            throw ScramFailure.malformed("client-final-message out of order");
        }
        done = true;
        String message = ascii(clientFinalMessage, "client-final-message");
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw ScramFailure.malformed("client-final-message has no proof");
        }
        String withoutProof = message.substring(0, proofAt);
        String[] parts = withoutProof.split(",", -1);
        if (parts.length != 2 || !parts[0].startsWith("c=") || !parts[1].startsWith("r=")) {
            throw ScramFailure.malformed("client-final-message must be c=…,r=…,p=… without extensions");
        }
        byte[] binding = decode(parts[0].substring(2), "channel-binding");
        if (!MessageDigest.isEqual(binding, gs2Header.getBytes(StandardCharsets.US_ASCII))) {
            throw ScramFailure.malformed("the channel-binding data does not match the GS2 header");
        }
        if (!MessageDigest.isEqual(
                parts[1].substring(2).getBytes(StandardCharsets.US_ASCII), nonce.getBytes(StandardCharsets.US_ASCII))) {
            throw ScramFailure.malformed("the nonce does not match the server's");
        }
        byte[] proof = decode(message.substring(proofAt + 3), "proof");
        if (proof.length != 32) {
            throw ScramFailure.malformed("the proof is " + proof.length + " bytes, not 32");
        }
        byte[] authMessage =
                (clientFirstBare + "," + serverFirst + "," + withoutProof).getBytes(StandardCharsets.US_ASCII);
        byte[] clientSignature = ScramVerifier.hmac(verifier.storedKey(), authMessage);
        byte[] clientKey = new byte[32];
        for (int i = 0; i < 32; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(ScramVerifier.sha256(clientKey), verifier.storedKey())) {
            throw ScramFailure.badProof();
        }
        byte[] serverSignature = ScramVerifier.hmac(verifier.serverKey(), authMessage);
        return ("v=" + Base64.getEncoder().encodeToString(serverSignature)).getBytes(StandardCharsets.US_ASCII);
    }

    private static String ascii(byte[] bytes, String what) throws ScramFailure {
        for (byte b : bytes) {
            if (b < 0x20 || b > 0x7E) {
                throw ScramFailure.malformed(what + " holds a byte that is not printable ASCII");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    private static byte[] decode(String base64, String what) throws ScramFailure {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ScramFailure.malformed("the " + what + " is not valid base64");
        }
    }

    private static boolean printableNonce(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }
}
