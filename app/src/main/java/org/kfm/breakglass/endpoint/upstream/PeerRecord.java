package org.kfm.breakglass.endpoint.upstream;

/** A peer refused before it became a client: who it was and over which transport. */
public record PeerRecord(String peer, String transport) {}
