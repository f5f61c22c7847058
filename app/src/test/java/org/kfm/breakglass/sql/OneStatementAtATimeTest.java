package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The session's link is shared by the operator's statements and the console's own questions (the schema browser,
 * the map's catalog question) from other threads. Each read-only statement is several round trips; interleaved,
 * the check after one statement would see the other's transaction and raise the integrity alarm.
 */
class OneStatementAtATimeTest {

    private final org.kfm.breakglass.testkit.LocalPostgis pg = SharedPostgis.get();

    @Test
    void statementsFromSeveralThreadsOnOneLinkEachRunInTheirOwnCheckedTransaction() throws Exception {
        try (var link = SharedPostgis.link(pg.reader(), true);
                var threads = Executors.newFixedThreadPool(4)) {
            List<Future<Long>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                Callable<Long> work = () -> {
                    long rows = 0;
                    for (int i = 0; i < 50; i++) {
                        rows += link.execute(
                                        "SELECT " + thread + " AS t, g FROM generate_series(1, " + (i % 7 + 1) + ") g",
                                        QueryOptions.defaults(),
                                        RowSink.discarding())
                                .rows();
                    }
                    return rows;
                };
                runs.add(threads.submit(work));
            }
            long expectedPerThread = 0;
            for (int i = 0; i < 50; i++) {
                expectedPerThread += i % 7 + 1;
            }
            for (var run : runs) {
                assertThat(run.get()).isEqualTo(expectedPerThread);
            }
            assertThat(link.alarm()).isNull();
        }
    }
}
