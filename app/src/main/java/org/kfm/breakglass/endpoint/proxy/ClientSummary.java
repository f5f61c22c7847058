package org.kfm.breakglass.endpoint.proxy;

import java.time.Instant;

/** A connected client as the session window lists it. */
public record ClientSummary(String clientId, String applicationName, String peer, Instant since, long statements) {}
