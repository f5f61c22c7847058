package org.kfm.breakglass.endpoint.upstream;

import java.io.IOException;
import java.util.List;

/**
 * The audited upstream of the PostgreSQL endpoint: the session that owns the tunnel, the credentials and the
 * journal. Every client connection asks it for its terms, a stream to the database and a login; every statement
 * is classified by it and journaled through it before a byte of it is forwarded.
 */
public interface AuditedUpstream {

    /** The terms a client connecting now gets (its mode stays fixed for the connection). */
    ClientTerms terms();

    /**
     * Splits {@code sql} into statements and classifies each exactly as the session's statement gate does, lexing
     * it as a server with {@code settings} would.
     */
    List<ClientStatement> classify(String sql, LexicalSettings settings);

    /** A fresh byte stream to the database server (for a client's login, or for a CancelRequest). */
    UpstreamStream openStream() throws IOException;

    /**
     * The session's own login for the given terms: database user and the SCRAM client computations.
     *
     * @throws UpstreamLogin.LoginRefused when the session cannot log in (its credentials cannot be read)
     */
    UpstreamLogin login(ClientTerms terms) throws UpstreamLogin.LoginRefused;

    /** Where the endpoint journals what clients do. */
    ClientJournal journal();
}
