package org.kfm.breakglass.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.session.AccessMode;

/** psql through the endpoint behaves byte for byte as psql straight at the server, and every statement is journaled. */
class PsqlThroughEndpointTest {

    @Test
    void psqlScriptGivesTheSameOutputAsADirectRunAndEveryStatementIsJournaled(@TempDir Path dir) throws Exception {
        try (var stage = EndpointStage.open(AccessMode.READ_ONLY)) {
            String script = String.join(
                    "\n",
                    "\\d",
                    "\\dt",
                    "\\d places",
                    "SELECT id, name, kind, ST_AsText(geom) AS wkt FROM places ORDER BY id LIMIT 7;",
                    "SELECT count(*), ST_AsText(ST_Extent(geom)) FROM places WHERE ST_DWithin(geom, ST_MakePoint(6.5, 47.5)::geography, 50000);",
                    "\\copy (SELECT id, name, ST_AsGeoJSON(geom) FROM places ORDER BY id) TO '%s'",
                    "\\timing on",
                    "SELECT parcel, ST_Area(geom) FROM parcels ORDER BY id LIMIT 3;",
                    "\\timing off",
                    "");
            var through = stage.psql(
                    stage.throughEnv(), script.formatted(dir.resolve("through.csv")), "-v", "ON_ERROR_STOP=1");
            var direct =
                    stage.psql(stage.directEnv(), script.formatted(dir.resolve("direct.csv")), "-v", "ON_ERROR_STOP=1");

            assertThat(through.exit()).as(through.stderr()).isZero();
            assertThat(direct.exit()).as(direct.stderr()).isZero();
            assertThat(withoutTimings(through.out())).isEqualTo(withoutTimings(direct.out()));
            assertThat(through.out()).contains("Time: ");
            assertThat(Files.readAllBytes(dir.resolve("through.csv")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("direct.csv")))
                    .hasSizeGreaterThan(1000);

            var journal = stage.journal();
            var begins = journal.of(RecordingJournal.Begin.class);
            assertThat(begins).hasSizeGreaterThanOrEqualTo(8);
            assertThat(begins).anySatisfy(b -> assertThat(b.start().sql()).contains("pg_catalog.pg_class"));
            assertThat(begins)
                    .anySatisfy(
                            b -> assertThat(b.start().sql()).matches("(?s)COPY\\s+\\( SELECT id, name.*TO STDOUT.*"));
            journal.await(RecordingJournal.Finished.class, begins.size(), 5000);
            var ends = new HashMap<String, StatementOutcome>();
            for (var f : journal.of(RecordingJournal.Finished.class)) {
                ends.put(f.ticket().id(), f.outcome());
            }
            for (var begin : begins) {
                assertThat(ends.get(begin.ticket().id()))
                        .as("outcome of %s", begin.start().sql())
                        .isInstanceOf(StatementOutcome.Completed.class);
            }
            assertThat(journal.of(RecordingJournal.Denied.class)).isEmpty();
            var copy = begins.stream()
                    .filter(b -> b.start().sql().startsWith("COPY"))
                    .map(b -> (StatementOutcome.Completed) ends.get(b.ticket().id()))
                    .findFirst()
                    .orElseThrow();
            assertThat(copy.rows()).isEqualTo(1001);
            assertThat(copy.copyBytes()).isEqualTo(Files.size(dir.resolve("through.csv")));
        }
    }

    private static String withoutTimings(String out) {
        return out.replaceAll("(?m)^Time: .*\\R", "");
    }
}
