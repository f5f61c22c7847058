package org.kfm.breakglass.session;

import java.util.List;

/**
 * What one statement did: its class, rows, time, columns and the SHA-256 of the rows as returned (the evidence
 * the audit record carries), and whether a row limit cut the result short.
 */
public record StatementReport(
        String sql,
        String statementClass,
        long rows,
        double durationMs,
        List<String> columns,
        String resultSha256,
        boolean truncated) {}
