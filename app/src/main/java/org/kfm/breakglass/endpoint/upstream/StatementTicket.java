package org.kfm.breakglass.endpoint.upstream;

/** The journal's handle on a begun statement, handed back with its outcome. */
public record StatementTicket(String id) {}
