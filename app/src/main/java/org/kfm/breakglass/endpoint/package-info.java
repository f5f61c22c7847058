/**
 * A PostgreSQL endpoint for the operator's own tools (psql, pg_dump, QGIS, ogr2ogr, DBeaver) that rides the
 * audited session: a Unix socket in a private directory, the peer checked on every connection, the protocol
 * framed and every statement classified and journaled before it is forwarded (ADR 0015). It reaches the session
 * only through {@link org.kfm.breakglass.endpoint.upstream.AuditedUpstream}.
 *
 * <p>Sub-packages: {@code wire} (framing and the messages, nothing else), {@code auth} (SCRAM-SHA-256's server
 * half for {@code --tcp}), {@code socket} (the listeners and the peer check), {@code upstream} (the seam),
 * {@code proxy} (the handshake, the rules, the relay).
 */
package org.kfm.breakglass.endpoint;
