package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * The side-effect list cannot hide a typo: every name must be a function of the real server — core PostgreSQL in
 * {@code pg_catalog}, or installed by exactly the extension its category names (created here in a scratch
 * database: PostGIS with raster and topology, dblink, postgres_fdw, adminpack, pg_stat_statements).
 */
class SideEffectCatalogueTest {
    private static final String DATABASE = "side_effect_catalogue";

    private final LocalPostgis pg = SharedPostgis.get();

    @Test
    void everyListedFunctionExistsWhereItsCategorySays() throws SQLException {
        var catalogue = SideEffectCatalogue.builtIn();
        pg.createDatabase(DATABASE, true);
        var missing = new ArrayList<String>();
        try (Connection c = DriverManager.getConnection(
                "jdbc:postgresql://" + pg.host() + ":" + pg.port() + "/" + DATABASE + "?sslmode=disable",
                pg.superuser().user(),
                pg.superuser().password())) {
            try (var st = c.createStatement()) {
                for (var extension : catalogue.categories().stream()
                        .map(SideEffectCatalogue.Category::extension)
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList()) {
                    st.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " CASCADE");
                }
            }
            try (var ps = c.prepareStatement("SELECT n.nspname, e.extname FROM pg_proc p"
                    + " JOIN pg_namespace n ON n.oid = p.pronamespace"
                    + " LEFT JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid"
                    + " AND d.deptype = 'e'"
                    + " LEFT JOIN pg_extension e ON e.oid = d.refobjid"
                    + " WHERE p.proname = ?")) {
                for (var category : catalogue.categories()) {
                    for (var function : category.functions()) {
                        ps.setString(1, function);
                        boolean found = false;
                        try (var rs = ps.executeQuery()) {
                            while (rs.next()) {
                                found |= category.extension() == null
                                        ? "pg_catalog".equals(rs.getString(1)) && rs.getString(2) == null
                                        : category.extension().equals(rs.getString(2));
                            }
                        }
                        if (!found) {
                            missing.add(function + " (" + category.name() + ", "
                                    + (category.extension() == null ? "core" : "extension " + category.extension())
                                    + ")");
                        }
                    }
                }
            }
        }
        assertThat(missing).as("listed but not in pg_proc where the list says").isEmpty();
        assertThat(catalogue.categories())
                .extracting(SideEffectCatalogue.Category::name)
                .contains(
                        "signals",
                        "advisory-locks",
                        "notify",
                        "large-objects",
                        "config",
                        "sequences",
                        "replication",
                        "wal-and-backup",
                        "server-files",
                        "dblink",
                        "postgres-fdw",
                        "statistics-reset",
                        "reload",
                        "postgis-management");
    }

    @Test
    void everyCategoryExplainsItselfAndListsSomething() {
        for (var category : SideEffectCatalogue.builtIn().categories()) {
            assertThat(category.why()).as(category.name()).isNotBlank();
            assertThat(category.functions()).as(category.name()).isNotEmpty();
        }
    }

    @Test
    void aMalformedListIsRefusedWithItsLine() {
        assertThatThrownBy(() -> SideEffectCatalogue.parse("[signals] why\nPG_Terminate_Backend\n"))
                .hasMessageContaining(":2:")
                .hasMessageContaining("PG_Terminate_Backend");
        assertThatThrownBy(() -> SideEffectCatalogue.parse("[a] x\nnextval\n[b] y\nnextval\n"))
                .hasMessageContaining("nextval twice");
    }
}
