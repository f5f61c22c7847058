package org.kfm.breakglass.ui.port;

import java.time.Instant;

/** A client of the session's endpoint: what it called itself, who it is, since when, how many statements. */
public record ConnectedClient(String clientId, String applicationName, String peer, Instant since, long statements) {}
