package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;

class GeometryTextTest {

    @Test
    void smallGeometriesReadAsTheServersEwktAndLargeOnesAsASummary() throws Exception {
        try (var pg = LocalPostgis.start();
                var db = pg.connect(pg.reader());
                var st = db.createStatement()) {
            ResultSet small = st.executeQuery("SELECT ST_GeomFromEWKT('SRID=4326;POINT(6.13 47.31)')::text");
            small.next();
            assertThat(GeometryText.cell(small.getString(1))).isEqualTo("SRID=4326;POINT (6.13 47.31)");

            ResultSet large =
                    st.executeQuery("SELECT ST_SetSRID(ST_Buffer(ST_MakePoint(400000, 5500000), 100, 64), 25832)::text,"
                            + " ST_NPoints(ST_Buffer(ST_MakePoint(400000, 5500000), 100, 64))");
            large.next();
            assertThat(GeometryText.cell(large.getString(1)))
                    .isEqualTo("SRID=25832;POLYGON (" + large.getInt(2) + " vertices)");
            assertThat(GeometryText.full(large.getString(1))).startsWith("SRID=25832;POLYGON ((");
        }
    }

    @Test
    void anUndecodableValueSaysSoInsteadOfThrowing() {
        assertThat(GeometryText.cell("01zz")).startsWith("<undecodable geometry:");
    }
}
