package org.kfm.breakglass.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * pgbench's own tables in the throwaway database, made by pgbench itself ({@code -i}) as the owner, readable by the
 * reader role the console logs in as. Runs in the cluster process, which alone knows the owner's password.
 */
final class PgbenchTables {

    private PgbenchTables() {}

    static void create(LocalPostgis pg, int scale, Path dir) throws IOException, InterruptedException, SQLException {
        var owner = pg.owner();
        var builder = new ProcessBuilder(List.of(
                        "pgbench",
                        "-i",
                        "-q",
                        "-s",
                        Integer.toString(scale),
                        "-h",
                        pg.host(),
                        "-p",
                        Integer.toString(pg.port()),
                        "-U",
                        owner.user(),
                        pg.database()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("pgbench-init.log").toFile());
        builder.environment().put("PGPASSWORD", owner.password());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("pgbench is missing (Debian package postgresql-client-15): " + e.getMessage(), e);
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("pgbench -i exited " + exit + "; see " + dir.resolve("pgbench-init.log"));
        }
        try (var connection = pg.connect(owner);
                var st = connection.createStatement()) {
            st.execute("GRANT SELECT ON pgbench_accounts, pgbench_branches, pgbench_tellers, pgbench_history TO "
                    + pg.reader().user());
        }
    }
}
