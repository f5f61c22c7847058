package org.kfm.breakglass.sql;

import java.math.BigDecimal;
import java.util.HexFormat;
import org.kfm.breakglass.spatial.EwktWriter;
import org.kfm.breakglass.spatial.GeoJsonExport;

/**
 * The text of a cell value: geometry in its {@link GeometryForm} (hex EWKB as the server sent it, or EWKT, WKT,
 * GeoJSON made by JTS), bytea as {@code \x…} hex (the server's own bytea output), booleans and numbers as the
 * server writes them ({@code t}, {@code 0.0000001}, {@code 12345678.9}), NULL as {@code null}. One per
 * result writer: it keeps one JTS reader and writer for every geometry of the result instead of making them per
 * value; not thread-safe.
 */
final class CellText {

    private final GeometryForm geometryForm;
    private final EwktWriter ewkt = new EwktWriter();

    CellText(GeometryForm geometryForm) {
        this.geometryForm = geometryForm;
    }

    String of(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case EwkbValue geometry -> geometry(geometry);
            case byte[] bytes -> "\\x" + HexFormat.of().formatHex(bytes);
            // The server's own text of each, as psql and COPY print it (Java would say true, 1E-7, 1.23456789E7).
            case Boolean b -> b ? "t" : "f";
            case BigDecimal numeric -> numeric.toPlainString();
            case Double d -> ServerFloatText.of(d);
            case Float f -> ServerFloatText.of(f);
            default -> value.toString();
        };
    }

    private String geometry(EwkbValue value) {
        return switch (geometryForm) {
            case EWKB -> value.hex();
            case EWKT -> ewkt.ewkt(value.hex());
            case WKT -> ewkt.wkt(value.hex());
            case GEOJSON -> {
                var decoded = value.decode();
                yield decoded.decoded() ? GeoJsonExport.geometryJson(decoded) : decoded.ewkt();
            }
        };
    }
}
