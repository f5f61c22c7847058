package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

class EwkbDecoderTest {

    private final EwkbDecoder decoder = new EwkbDecoder();

    static Stream<String> shapes() {
        return Stream.of(
                "POINT (7.1 50.7)",
                "LINESTRING (0 0, 1 1, 2 0)",
                "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 3 2, 2 2))",
                "MULTIPOINT ((1 2), (3 4))",
                "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 5 5))",
                "POINT Z (1 2 3)");
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void decodesEwkbWrittenByJtsInBothByteOrders(String wkt) throws Exception {
        var source = new WKTReader().read(wkt);
        source.setSRID(25832);
        for (int order : new int[] {1, 2}) {
            var dims = source.getCoordinate() != null
                            && !Double.isNaN(source.getCoordinate().getZ())
                    ? 3
                    : 2;
            var hex = WKBWriter.toHex(new WKBWriter(dims, order, true).write(source));

            var decoded = decoder.decodeHex(hex);

            assertThat(decoded.problem()).isNull();
            assertThat(decoded.geometry().equalsExact(source))
                    .as("%s order %d", wkt, order)
                    .isTrue();
            assertThat(decoded.srid()).isEqualTo(25832);
            assertThat(decoded.ewkt()).startsWith("SRID=25832;");
        }
    }

    @Test
    void reportsEmptyAndInvalidGeometries() throws Exception {
        var empty = roundTrip(new WKTReader().read("POINT EMPTY"));
        var bowTie = roundTrip(new WKTReader().read("POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"));

        assertThat(empty.empty()).isTrue();
        assertThat(bowTie.decoded()).isTrue();
        assertThat(bowTie.valid()).isFalse();
    }

    @Test
    void malformedInputBecomesAProblemValueNeverAnException() {
        var point = HexFormat.of().formatHex(new WKBWriter(2, 2, true).write(pointWithSrid()));

        assertThat(decoder.decodeHex("").problem()).contains("empty");
        assertThat(decoder.decodeHex("0").problem()).contains("odd number");
        assertThat(decoder.decodeHex("zz").problem()).contains("not hex");
        assertThat(decoder.decodeHex("07" + point.substring(2)).problem()).contains("byte order");
        assertThat(decoder.decodeHex(point.substring(0, point.length() - 6)).problem())
                .contains("malformed");
        assertThat(decoder.decodeHex(null).problem()).contains("NULL");
        assertThat(decoder.decode(new byte[] {1, (byte) 0xff, (byte) 0xff, 0, 0})
                        .decoded())
                .isFalse();
        assertThat(decoder.decodeHex("zz").ewkt()).startsWith("<undecodable geometry");
    }

    @Test
    void acceptsByteaTextPrefix() {
        var hex = WKBWriter.toHex(new WKBWriter(2, 2, true).write(pointWithSrid()));

        assertThat(decoder.decodeHex("\\x" + hex).srid()).isEqualTo(4326);
    }

    @Test
    void geoJsonNamesProjectedCrsButNotWgs84() throws Exception {
        var projected = roundTrip(new WKTReader().read("POINT (400000 5500000)"), 25832);
        var wgs84 = roundTrip(new WKTReader().read("POINT (7 50)"), 4326);

        assertThat(GeoJsonExport.geometryJson(projected)).contains("EPSG:25832").contains("\"Point\"");
        assertThat(GeoJsonExport.geometryJson(wgs84)).doesNotContain("crs");
        assertThat(GeoJsonExport.geometryJson(decoder.decodeHex("zz"))).isNull();
    }

    private Geometry pointWithSrid() {
        try {
            var point = new WKTReader().read("POINT (1 2)");
            point.setSRID(4326);
            return point;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private DecodedGeometry roundTrip(Geometry geometry) {
        return roundTrip(geometry, 3857);
    }

    private DecodedGeometry roundTrip(Geometry geometry, int srid) {
        geometry.setSRID(srid);
        return decoder.decode(new WKBWriter(2, 2, true).write(geometry));
    }
}
