package org.kfm.breakglass.endpoint.upstream;

/** What {@code query.denied} records: the statement, its class, why it was refused and the SQLSTATE sent. */
public record StatementDenial(String sql, AuditClass auditClass, String reason, String sqlstate) {}
