package org.kfm.breakglass.session;

import org.kfm.breakglass.sql.ScramClientHalf;
import org.kfm.breakglass.sql.SqlFailure;

/**
 * The session's upstream login for one endpoint client: the Secret's user for the startup packet and the client
 * half of SCRAM-SHA-256 computed here with the Secret's password, which never reaches the endpoint or the client.
 */
public final class ClientLogin {
    private final String user;
    private final ScramClientHalf scram;

    ClientLogin(String user, char[] password) {
        this.user = user;
        this.scram = new ScramClientHalf(password);
    }

    /** The database user the session logs in as. */
    public String user() {
        return user;
    }

    public byte[] clientFirst() {
        return scram.clientFirst();
    }

    public byte[] clientFinal(byte[] serverFirst) throws SessionFailure {
        try {
            return scram.clientFinal(serverFirst);
        } catch (SqlFailure e) {
            throw new SessionFailure(SessionFailure.Kind.CONNECTION, e.getMessage(), e);
        }
    }

    public void verifyServerFinal(byte[] serverFinal) throws SessionFailure {
        try {
            scram.verifyServerFinal(serverFinal);
        } catch (SqlFailure e) {
            throw new SessionFailure(SessionFailure.Kind.DENIED, e.getMessage(), e);
        }
    }
}
