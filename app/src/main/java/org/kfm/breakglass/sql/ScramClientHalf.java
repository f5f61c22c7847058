package org.kfm.breakglass.sql;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.postgresql.shaded.com.ongres.scram.client.ScramClient;
import org.postgresql.shaded.com.ongres.scram.common.exception.ScramException;

/**
 * The client half of SCRAM-SHA-256 for a login the session makes on a client's behalf (the PostgreSQL
 * endpoint): the same SCRAM client pgjdbc uses for its own logins (OnGres scram-client, as pgjdbc ships it), so
 * the password is used here and never leaves the session. Channel binding is not offered (the tunnel is not TLS).
 * The password is wiped once the client-final message is computed, or on {@link #wipe()}.
 */
public final class ScramClientHalf {
    private final char[] password;
    private final ScramClient client;

    /** Takes a copy of {@code password}; the caller wipes its own. */
    public ScramClientHalf(char[] password) {
        this.password = password.clone();
        this.client = ScramClient.builder()
                .advertisedMechanisms(List.of("SCRAM-SHA-256"))
                .username("*") // PostgreSQL takes the user from the startup packet, as pgjdbc sends it
                .password(this.password)
                .build();
    }

    /** The client-first message. */
    public byte[] clientFirst() {
        return client.clientFirstMessage().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The client-final message for the server's first message; the password is wiped after it. */
    public byte[] clientFinal(byte[] serverFirst) throws SqlFailure {
        try {
            client.serverFirstMessage(new String(serverFirst, StandardCharsets.UTF_8));
            return client.clientFinalMessage().toString().getBytes(StandardCharsets.UTF_8);
        } catch (ScramException | IllegalArgumentException | IllegalStateException e) {
            throw new SqlFailure("08P01", 0, "the server's first SCRAM message is not valid: " + e.getMessage(), "", e);
        } finally {
            wipe();
        }
    }

    /** Checks the server's signature: a server that does not know the password is refused. */
    public void verifyServerFinal(byte[] serverFinal) throws SqlFailure {
        try {
            client.serverFinalMessage(new String(serverFinal, StandardCharsets.UTF_8));
        } catch (ScramException | IllegalArgumentException | IllegalStateException e) {
            throw new SqlFailure(
                    "28P01", 0, "the server's SCRAM signature does not verify: it does not know the password", "", e);
        }
    }

    public void wipe() {
        Arrays.fill(password, '\0');
    }
}
