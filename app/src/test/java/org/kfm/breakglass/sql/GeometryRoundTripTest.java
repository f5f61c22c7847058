package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfm.breakglass.spatial.EwkbDecoder;

/** Geometry from PostGIS through pgjdbc and the EWKB decoder, judged by PostGIS itself. */
class GeometryRoundTripTest {

    private final org.kfm.breakglass.testkit.LocalPostgis pg = SharedPostgis.get();

    @Test
    void decodedGeometryIsExactlyTheStoredOneForEverySampleTable() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true);
                var judge = pg.connect(pg.reader())) {
            var sink = new CollectingSink();
            link.execute("""
          (SELECT 'places' AS t, id, geom, ST_AsEWKB(geom) AS ewkb FROM places WHERE NOT ST_IsEmpty(geom) LIMIT 20)
          UNION ALL (SELECT 'roads', id, geom, ST_AsEWKB(geom) FROM roads LIMIT 20)
          UNION ALL (SELECT 'parcels', id, geom, ST_AsEWKB(geom) FROM parcels LIMIT 20)
          UNION ALL SELECT 'literal', 0, ST_GeomFromEWKT(
              'SRID=3857;MULTIPOLYGON(((0 0,4 0,4 4,0 4,0 0),(1 1,2 1,2 2,1 2,1 1)),((10 10,11 10,11 11,10 10)))'),
              ST_AsEWKB(ST_GeomFromEWKT('SRID=3857;POINT Z (1.5 2.25 3.125)'))
          """, QueryOptions.defaults(), sink);
            assertThat(sink.rows).hasSize(61);

            try (var check = judge.prepareStatement(
                    "SELECT ST_OrderingEquals(ST_GeomFromEWKT(?), ?::geometry) AND ST_SRID(ST_GeomFromEWKT(?)) = ST_SRID(?::geometry)")) {
                for (var row : sink.rows) {
                    var hex = ((EwkbValue) row.get(2)).hex();
                    var ewkt = ((EwkbValue) row.get(2)).decode().ewkt();
                    check.setString(1, ewkt);
                    check.setString(2, hex);
                    check.setString(3, ewkt);
                    check.setString(4, hex);
                    try (var rs = check.executeQuery()) {
                        rs.next();
                        assertThat(rs.getBoolean(1))
                                .as("%s %s: %s", row.get(0), row.get(1), ewkt)
                                .isTrue();
                    }
                }
            }
            // ST_AsEWKB arrives as bytea; the decoder reads raw bytes as well as hex.
            var literal = sink.rows.get(60);
            var fromBytes = new EwkbDecoder().decode((byte[]) literal.get(3));
            assertThat(fromBytes.srid()).isEqualTo(3857);
            assertThat(fromBytes.ewkt()).startsWith("SRID=3857;POINT").contains("1.5 2.25 3.125");
        }
    }

    @Test
    void emptyAndInvalidSampleGeometriesAreFlaggedNotFatal() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            link.execute(
                    "SELECT geom FROM places WHERE ST_IsEmpty(geom) UNION ALL "
                            + "SELECT geom FROM parcels WHERE parcel = 'DE-INVALID'",
                    QueryOptions.defaults(),
                    sink);

            var empty = ((EwkbValue) sink.rows.get(0).get(0)).decode();
            var invalid = ((EwkbValue) sink.rows.get(1).get(0)).decode();
            assertThat(empty.decoded()).isTrue();
            assertThat(empty.empty()).isTrue();
            assertThat(empty.srid()).isEqualTo(4326);
            assertThat(invalid.decoded()).isTrue();
            assertThat(invalid.valid()).isFalse();
            assertThat(invalid.srid()).isEqualTo(25832);
        }
    }
}
