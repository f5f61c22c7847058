package org.kfm.breakglass.session;

import java.util.List;
import org.kfm.breakglass.sql.EwkbValue;
import org.kfm.breakglass.sql.ResultColumn;
import org.kfm.breakglass.sql.RowSink;

/** Feeds a {@link ResultReceiver} from the database's rows: geometry travels as its hex EWKB text. */
final class ReceiverSink implements RowSink {
    private final ResultReceiver receiver;

    ReceiverSink(ResultReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public void columns(List<ResultColumn> columns) {
        receiver.columns(columns.stream()
                .map(c -> new ResultReceiver.ColumnInfo(c.name(), c.pgType(), c.spatial()))
                .toList());
    }

    @Override
    public void row(List<Object> values) {
        receiver.row(values.stream().map(ReceiverSink::plain).toList());
    }

    /** Geometry values travel as their hex EWKB text; everything else is already a plain value. */
    private static Object plain(Object value) {
        return value instanceof EwkbValue ewkb ? ewkb.hex() : value;
    }
}
