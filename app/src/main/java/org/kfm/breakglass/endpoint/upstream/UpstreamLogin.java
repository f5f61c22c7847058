package org.kfm.breakglass.endpoint.upstream;

/**
 * The session's login to the database, for one connection: the user name for the startup packet and the client
 * half of SCRAM-SHA-256 computed with the session's credentials, which never leave the session.
 */
public interface UpstreamLogin {

    /** The database user the session logs in as. */
    String user();

    /** SCRAM client-first-message ({@code n,,n=,r=<nonce>}). */
    byte[] clientFirst();

    /** SCRAM client-final-message for the server's first message. */
    byte[] clientFinal(byte[] serverFirst) throws LoginRefused;

    /** Checks the server's signature: a server that does not know the password is refused. */
    void verifyServerFinal(byte[] serverFinal) throws LoginRefused;

    /** A login the session refuses to complete. */
    final class LoginRefused extends Exception {
        private static final long serialVersionUID = 1L;

        public LoginRefused(String message) {
            super(message);
        }
    }
}
