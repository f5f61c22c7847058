package org.kfm.breakglass.session;

import java.util.List;

/**
 * A query the console sends on its own (a check after login, a smoke check, the schema browser's catalog), on
 * the audited statement path: {@code query.begin} durable before it is sent. Returns its rows; a database error is
 * a {@link SessionFailure.Kind#SQL} failure.
 */
@FunctionalInterface
interface ConsoleQuery {
    List<List<Object>> rows(String sql) throws SessionFailure;
}
