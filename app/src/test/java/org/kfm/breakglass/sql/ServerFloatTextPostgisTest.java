package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The server is the oracle: every float8/float4 value goes to PostgreSQL, comes back through the product's own
 * statement path (decoded to a Double/Float by CellDecoder), and its cell text must be what the server's
 * {@code ::text} of the same value says — edge values around both notations, subnormals, and random bit patterns.
 */
class ServerFloatTextPostgisTest {

    private static final int RANDOM_VALUES = 20_000;

    @Test
    void doublesAreWrittenAsTheServerWritesThem() throws Exception {
        var values = new ArrayList<>(List.of(
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.1,
                0.1 + 0.2,
                1.0 / 3,
                12345678.9,
                500000.125,
                5500000.5,
                1e14,
                1e15,
                123456789012345.6,
                1234567890123456.0,
                1e-4,
                1e-5,
                0.00012345,
                0.000012345,
                1e20,
                1e21,
                1e22,
                1e23,
                1.5e300,
                1e100,
                1e-100,
                Double.MAX_VALUE,
                Double.MIN_NORMAL,
                Double.MIN_VALUE,
                2 * Double.MIN_VALUE,
                3 * Double.MIN_VALUE,
                9 * Double.MIN_VALUE,
                1e-320,
                2e-323,
                Double.NaN,
                Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY,
                7.5,
                -179.99999999999997));
        var random = new SplittableRandom(15);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            values.add(Double.isNaN(d) ? 0.5 : d);
            // Ordinates as PostGIS data has them: degrees and metres with a few decimals.
            values.add(Math.round(random.nextDouble(-1e7, 1e7) * 1000) / 1000.0);
        }
        assertMatchesServer("float8", values, Object::toString);
    }

    @Test
    void floatsAreWrittenAsTheServerWritesThem() throws Exception {
        var values = new ArrayList<>(List.of(
                0f,
                -0f,
                1f,
                0.1f,
                1f / 3,
                12345.6f,
                123456f,
                1234567f,
                1e5f,
                1e6f,
                1e-4f,
                1e-5f,
                Float.MAX_VALUE,
                Float.MIN_NORMAL,
                Float.MIN_VALUE,
                3 * Float.MIN_VALUE,
                Float.NaN,
                Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY));
        var random = new SplittableRandom(16);
        for (int i = 0; i < RANDOM_VALUES; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            values.add(Float.isNaN(f) ? 0.5f : f);
        }
        assertMatchesServer("float4", values, Object::toString);
    }

    private static <T> void assertMatchesServer(String type, List<T> values, Function<T, String> literal)
            throws Exception {
        var array = values.stream().map(literal).collect(Collectors.joining(",", "{", "}"));
        var sink = new CollectingSink();
        var pg = SharedPostgis.get();
        try (var link = SharedPostgis.link(pg.reader(), true)) {
            link.execute(
                    "SELECT x, x::text FROM unnest('" + array + "'::" + type + "[]) WITH ORDINALITY AS t(x, n)"
                            + " ORDER BY n",
                    QueryOptions.defaults(),
                    sink);
        }
        assertThat(sink.rows).hasSize(values.size());
        var cells = new CellText(GeometryForm.EWKB);
        var wrong = new ArrayList<String>();
        for (var row : sink.rows) {
            var ours = cells.of(row.get(0));
            if (!ours.equals(row.get(1))) {
                wrong.add(row.get(1) + " (ours " + ours + ")");
            }
        }
        assertThat(sink.rows.get(0).get(0)).isInstanceOf(type.equals("float8") ? Double.class : Float.class);
        assertThat(wrong).as("server text (our text)").isEmpty();
    }
}
