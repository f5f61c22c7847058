package org.kfm.breakglass.sql;

import java.util.HexFormat;

/** The display text of a cell value: geometry as EWKT, bytea as {@code \x…} hex, NULL as {@code null}. */
final class CellText {

    private CellText() {}

    static String of(Object value) {
        return switch (value) {
            case null -> null;
            case EwkbValue geometry -> geometry.decode().ewkt();
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            default -> value.toString();
        };
    }
}
