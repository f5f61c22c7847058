package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

/** Rows as {@link ResultStreaming} hands them on and hashes them, checked against the server and pgjdbc. */
class ResultStreamingTest {

    /**
     * 3,000 rows over several adaptive round trips: NULLs in every column but the key, multi-byte text, hex EWKB
     * geometry, bytea, and one 32,000-byte value (larger than the digest's buffer).
     */
    private static final String ROWS = """
      SELECT g,
             repeat(md5(g::text), CASE WHEN g = 1500 THEN 1000 ELSE 1 END) AS t,
             CASE WHEN g % 7 = 0 THEN NULL ELSE ST_SetSRID(ST_MakePoint(g, g / 3.0), 4326) END AS geom,
             CASE WHEN g % 5 = 0 THEN NULL ELSE 'Grüße ✓ 😀 ' || g END AS u,
             CASE WHEN g % 3 = 0 THEN NULL ELSE decode(md5(g::text), 'hex') END AS b
      FROM generate_series(1, 3000) g ORDER BY g""";

    private final org.kfm.breakglass.testkit.LocalPostgis pg = SharedPostgis.get();

    @Test
    void resultDigestEqualsTheSha256TheServerComputesOverItsOwnTextForm() throws Exception {
        // The server builds the documented byte form itself: per value its UTF-8 text preceded by the 4-byte
        // big-endian length, NULL as FF FF FF FF, in row then column order.
        var oracle = """
          SELECT encode(sha256(string_agg(cell, ''::bytea ORDER BY g, c)), 'hex') FROM (
            SELECT g, c, CASE WHEN v IS NULL THEN '\\xffffffff'::bytea
                              ELSE int4send(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') END AS cell
            FROM (%s) q,
                 LATERAL (VALUES (1, g::text), (2, t), (3, geom::text), (4, u), (5, b::text)) AS x(c, v)) s
          """.formatted(ROWS);
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var outcome = link.execute(ROWS, QueryOptions.defaults().withFetchSize(10), RowSink.discarding());
            var server = new CollectingSink();
            link.execute(oracle, QueryOptions.defaults(), server);

            assertThat(outcome.rows()).isEqualTo(3000);
            assertThat(outcome.resultSha256()).isEqualTo(server.rows.getFirst().getFirst());
        }
    }

    @Test
    void everyRowArrivesOnceAndInOrderWhateverTheRoundTripsWeigh() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            var sink = new CollectingSink();
            link.execute(ROWS, QueryOptions.defaults().withFetchSize(1), sink);

            assertThat(sink.rows).hasSize(3000);
            for (int i = 0; i < 3000; i++) {
                assertThat(sink.rows.get(i).getFirst()).isEqualTo(i + 1);
            }
            assertThat((String) sink.rows.get(1499).get(1)).hasSize(32_000);
            assertThat(sink.rows.get(6).get(2)).isNull();
            assertThat(sink.rows.get(0).get(2)).isInstanceOf(EwkbValue.class);
            assertThat(sink.rows.get(0).get(4)).isInstanceOf(byte[].class);
        }
    }

    @Test
    void valuesAreWhatPgjdbcGetObjectMakesOfEachType() throws Exception {
        var sql = """
          SELECT 1::int2 a, 2::int4 b, 3::int8 c, 1.5::numeric d, 'NaN'::float8 e, 0.1::float4 f, true g,
                 'x'::varchar h, 'y'::char(3) i, 'n'::name j, '\\x00ff'::bytea k,
                 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid l, '{"a": 1}'::jsonb m, '1 day'::interval n,
                 ARRAY[1, NULL] o, '2026-11-23 21:04:05.5'::timestamp p, '2026-11-23 21:04:05+02'::timestamptz q,
                 '2026-11-23'::date r, '21:04:05'::time s, '21:04:05+02'::timetz t, 'infinity'::timestamp u,
                 '(1,2)'::point v, 1::money w""";
        try (var link = SharedPostgis.link(pg.reader(), true);
                var connection = pg.connect(pg.reader());
                var st = connection.createStatement();
                var rs = st.executeQuery(sql)) {
            var sink = new CollectingSink();
            link.execute(sql, QueryOptions.defaults(), sink);
            rs.next();
            var expected = new ArrayList<Object>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                expected.add(
                        switch (rs.getMetaData().getColumnTypeName(i)) {
                            case "timestamp" -> rs.getObject(i, LocalDateTime.class);
                            case "timestamptz" -> rs.getObject(i, OffsetDateTime.class);
                            case "date" -> rs.getObject(i, LocalDate.class);
                            case "time" -> rs.getObject(i, LocalTime.class);
                            case "timetz" -> rs.getObject(i, OffsetTime.class);
                            // Not in pgjdbc's built-in type table: its getObject would first look the type up
                            // by name (a statement of the session's own); the server's text form instead.
                            case "interval" -> rs.getString(i);
                            default -> {
                                var value = rs.getObject(i);
                                yield value instanceof PGobject pgo
                                        ? pgo.getValue()
                                        : value instanceof java.sql.Array ? rs.getString(i) : value;
                            }
                        });
            }

            List<Object> row = sink.rows.getFirst();
            assertThat(row).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                // isEqualTo compares arrays by content and Double NaN as equal to itself.
                assertThat(row.get(i))
                        .as(rs.getMetaData().getColumnTypeName(i + 1))
                        .isEqualTo(expected.get(i));
            }
            assertThat(row.subList(0, 7))
                    .extracting(Object::getClass)
                    .containsExactly(
                            Integer.class,
                            Integer.class,
                            Long.class,
                            BigDecimal.class,
                            Double.class,
                            Float.class,
                            Boolean.class);
            assertThat(row.get(11)).isInstanceOf(UUID.class);
        }
    }
}
