package org.kfm.breakglass.ui.port;

import java.util.List;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;

/**
 * Streams one statement's result. Order: {@code columns} once, {@code rows} zero or more times, then exactly one of
 * {@code done} / {@code failed}. Values are {@link String}, {@link Number}, {@link Boolean} or {@code null};
 * geometry/geography values are hex EWKB strings; other types (dates, json, arrays) are their text form.
 */
public interface ResultListener {

    void columns(List<ColumnInfo> columns);

    void rows(List<List<Object>> batch);

    /** @param rowCount rows returned, or rows affected for a statement without result set */
    void done(long rowCount, double durationMs);

    /**
     * @param sqlstate five-character SQLSTATE, never null ({@code "42501"} for a statement the session denied)
     * @param position 1-based character position in the statement as the UI passed it to {@code run} (the engine
     *                 subtracts any prefix it added itself, such as {@code EXPLAIN }), 0 when the server gave none
     */
    void failed(String sqlstate, String message, int position);
}
