package org.kfm.breakglass.sql;

import java.util.HexFormat;
import org.kfm.breakglass.spatial.EwktWriter;

/**
 * The text of a cell value: geometry as EWKT ({@code SRID=4326;POINT (7 47)}), bytea as {@code \x…} hex (the
 * server's own bytea output), NULL as {@code null}. One per result writer: it keeps one JTS reader and writer for
 * every geometry of the result instead of making them per value; not thread-safe.
 */
final class CellText {

    private final EwktWriter ewkt = new EwktWriter();

    String of(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case EwkbValue geometry -> ewkt.ewkt(geometry.hex());
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            default -> value.toString();
        };
    }
}
