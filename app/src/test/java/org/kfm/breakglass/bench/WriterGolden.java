package org.kfm.breakglass.bench;

import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.kfm.breakglass.sql.ConnectSpec;
import org.kfm.breakglass.sql.DatabaseLink;
import org.kfm.breakglass.sql.QueryOptions;
import org.kfm.breakglass.sql.ResultFormat;
import org.kfm.breakglass.sql.ResultWriter;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * Every result format's output (and the result digest) for a fixed set of queries against a fresh LocalPostgis,
 * one file per query and format in the directory given as the argument. Run it on two builds and compare the
 * directories with {@code diff -r}: how ADR 0017 showed the faster writers print the same bytes. Not a test.
 */
public final class WriterGolden {
    static final String[] QUERIES = {
        "SELECT 1::int2 a, 2::int4 b, 3::int8 c, 1.5::numeric d, 'NaN'::numeric e, 1e-10::numeric f, 1e20::float8 g, 'Infinity'::float8 h, 0.1::float4 i, -0.0::float8 j, true k, false l, NULL::bool m",
        "SELECT 'a,\"b\"' || chr(10) || 'c' t, ''::text e, NULL::text n, 'Grüße ✓ 😀'::text u, 'x'::varchar v, 'y'::char(3) ch, 'nm'::name nm, '\\x00ff41'::bytea b, NULL::bytea bn, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid id",
        "SELECT '{\"a\":1}'::json j, '{\"b\": [1,2]}'::jsonb jb, '1 day 2 hours'::interval iv, ARRAY[1,2,NULL] arr, ARRAY['a','b c'] tarr, int4range(1,5) r, '(1,2)'::point p, 'a b'::tsvector ts, 1::money m",
        "SELECT '2026-11-23 21:04:05.123456'::timestamp ts, '2026-11-23 21:04:05.123456+02'::timestamptz tz, '2026-11-23'::date d, '21:04:05'::time t, '21:04:05+02'::timetz ttz, 'infinity'::timestamp inf, '-infinity'::date ninf, '0044-03-15 BC'::date bc",
        "SELECT id, name, geom FROM places ORDER BY id LIMIT 20",
        "SELECT id, geom FROM parcels ORDER BY id LIMIT 5",
        "SELECT 'SRID=4326;POINT EMPTY'::geometry e, 'SRID=3857;POINT Z (1.5 2.25 3.125)'::geometry z, 'POINT(0.30000000000000004 1e-20)'::geometry prec, 'SRID=4326;POINT(7 47)'::geography gg, NULL::geometry gn, ST_MakeLine(ARRAY['POINT(0 0)'::geometry,'POINT(1 1)']) line",
        "SELECT 1 a, 2 a, 3 a_2",
        "SELECT 1 AS x WHERE false",
        "SELECT",
        "SELECT g, md5(g::text) FROM generate_series(1,2000) g",
        "SELECT geom, id FROM places ORDER BY id LIMIT 3",
    };

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        try (var pg = LocalPostgis.start()) {
            var spec = new ConnectSpec(
                    pg.database(),
                    pg.reader().user(),
                    pg.reader().password().toCharArray(),
                    true,
                    Duration.ofMinutes(5),
                    "golden");
            try (var link = DatabaseLink.connect(
                    () -> {
                        var s = new Socket();
                        s.connect(new InetSocketAddress(pg.host(), pg.port()), 5000);
                        return s;
                    },
                    spec)) {
                for (int q = 0; q < QUERIES.length; q++) {
                    for (var format : ResultFormat.values()) {
                        var out = new StringWriter();
                        var writer = ResultWriter.of(format, out);
                        String digest;
                        try {
                            var outcome = link.execute(
                                    QUERIES[q], QueryOptions.defaults().withFetchSize(7), writer);
                            writer.finish();
                            digest = outcome.resultSha256() + " rows=" + outcome.rows();
                        } catch (Exception e) {
                            digest = "ERROR " + e;
                        }
                        Files.writeString(dir.resolve("q" + q + "." + format), out + "\n--digest " + digest + "\n");
                    }
                }
            }
        }
    }
}
