package org.kfm.breakglass.spatial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;

/** The map's derived statements, run by a real PostGIS as the console's reader: they mean what they say. */
class DerivedQueryPostgisTest {
    private static LocalPostgis pg;
    private static Connection db;

    @BeforeAll
    static void start() throws Exception {
        pg = LocalPostgis.start();
        db = pg.connect(pg.reader());
    }

    @AfterAll
    static void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static final String POINTS =
            "SELECT g AS id, ST_SetSRID(ST_MakePoint(g % 100, g / 100), 4326) AS \"the geom\" "
                    + "FROM generate_series(0, 9999) g -- a trailing comment\n;";

    @Test
    void queryThisViewKeepsTheRowsInTheBoxUpToTheLimit() throws Exception {
        String sql = DerivedQuery.inView(POINTS, "the geom", 4326, new Viewport(10.5, 20.5, 1, 2, 2), 1000);

        assertThat(sql)
                .contains("WHERE q.\"the geom\" && ST_MakeEnvelope(10.5, 20.5, 12.5, 22.5, 4326)")
                .endsWith("LIMIT 1000");
        assertThat(ids(sql)).containsExactlyInAnyOrder(2111, 2112, 2211, 2212);
        assertThat(ids(DerivedQuery.inView(POINTS, "the geom", 4326, new Viewport(0, 0, 1, 99, 99), 7)))
                .hasSize(7);
    }

    @Test
    void reprojectionAddsTheColumnInWgs84() throws Exception {
        String projected = "SELECT 1 AS id, ST_Transform(ST_SetSRID(ST_MakePoint(10, 50), 4326), 25832) AS geom";
        String sql = DerivedQuery.reprojected(projected, "geom");
        try (var st = db.createStatement();
                var rs = st.executeQuery(
                        "SELECT ST_AsText(ST_SnapToGrid(geom_4326, 1e-9)), ST_SRID(geom_4326) FROM (" + sql + ") r")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("POINT(10 50)");
            assertThat(rs.getInt(2)).isEqualTo(4326);
        }
    }

    @Test
    void aViewWithoutExtentOrAnEmptyStatementIsRefused() {
        assertThatThrownBy(() -> DerivedQuery.inView(POINTS, "geom", 4326, new Viewport(0, 0, 1, 0, 0), 10))
                .hasMessageContaining("no area to query");
        assertThatThrownBy(() -> DerivedQuery.inView(" ; ", "geom", 4326, new Viewport(0, 0, 1, 1, 1), 10))
                .hasMessageContaining("no statement");
    }

    private static List<Integer> ids(String sql) throws Exception {
        var ids = new ArrayList<Integer>();
        try (var st = db.createStatement();
                var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.add(rs.getInt("id"));
            }
        }
        return ids;
    }
}
