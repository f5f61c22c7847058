package org.kfm.breakglass.session;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.check.CheckResult;

/**
 * Is PostGIS enabled in this database? The seed enables it per database, so a new one may lack it. The one query
 * that asks for the PostGIS version: the check after login and the schema browser both use it.
 */
final class PostgisCheck {
    /** The installed PostGIS version; no row when the extension is not enabled. */
    static final String VERSION = "SELECT extversion FROM pg_extension WHERE extname = 'postgis'";

    private PostgisCheck() {}

    /** The PostGIS version enabled in the database, if any. */
    static Optional<String> version(ConsoleQuery query) throws SessionFailure {
        List<List<Object>> rows = query.rows(VERSION);
        return rows.isEmpty()
                ? Optional.empty()
                : Optional.of(String.valueOf(rows.get(0).get(0)));
    }

    /** PASS with the version, WARN with the statement that enables it, FAIL when the catalog cannot be read. */
    static CheckResult run(ConsoleQuery query) throws SessionFailure {
        Optional<String> version;
        try {
            version = version(query);
        } catch (SessionFailure e) {
            if (e.kind() != SessionFailure.Kind.SQL) {
                throw e;
            }
            return CheckResult.fail("database", "cannot read pg_extension: " + e.getMessage());
        }
        return version.map(v -> CheckResult.pass("database", "PostGIS " + v + " enabled"))
                .orElseGet(() -> CheckResult.warn(
                        "database",
                        "PostGIS is not enabled in this database; the owner can enable it "
                                + "with: CREATE EXTENSION IF NOT EXISTS postgis;"));
    }
}
