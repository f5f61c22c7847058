package org.kfm.breakglass.endpoint.upstream;

import org.kfm.breakglass.session.AccessMode;

/**
 * What a client connection may do: the session's mode when it connected, the one database it may open, and
 * whether bound parameters are journaled as their SHA-256 only (policy {@code redactParameters}).
 */
public record ClientTerms(AccessMode mode, String database, boolean redactParameters) {}
