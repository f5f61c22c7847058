/**
 * The seam between the PostgreSQL endpoint and the audited session: what the endpoint asks of the session (the
 * terms of a client connection, the statement classifier, a byte stream to the database, the session's own
 * login) and what it reports to the session's journal, each record durable before the endpoint goes on. The
 * endpoint never sees a password: {@link org.kfm.breakglass.endpoint.upstream.UpstreamLogin} computes the SCRAM
 * messages with credentials that stay on the session's side.
 */
package org.kfm.breakglass.endpoint.upstream;
