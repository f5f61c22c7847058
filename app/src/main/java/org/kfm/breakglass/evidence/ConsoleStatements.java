package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the console sends on its own, which the journal does not list statement by statement: pgjdbc's
 * transaction control and {@code SET application_name}, the link's read-only and timeout settings, and the check
 * after every statement. Known by exact text (from {@code console-statements.txt}), never by prefix or pattern, so
 * nothing else can pass for them; a statement an intruder sends with one of these texts is harmless (each only
 * reads or sets the caller's own session state). The console's checks after login go through the audited path and
 * are journaled, so they are not here.
 */
public final class ConsoleStatements {

    /** How the console sends {@code EXPLAIN}: this prefix in front of the journaled statement. */
    public static final String EXPLAIN_PREFIX = "EXPLAIN (FORMAT TEXT) ";

    private static final String APPLICATION = "{application}";

    /** pgjdbc 42.7's {@code PgResultSetMetaData.fetchFieldMetaData}: fixed text, integers where the columns go. */
    private static final Pattern DRIVER_FIELD_METADATA = Pattern.compile(Pattern.quote("SELECT c.oid, a.attnum,"
                    + " a.attname, c.relname, n.nspname, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),"
                    + " a.attidentity != '' OR pg_catalog.pg_get_expr(d.adbin, d.adrelid) LIKE '%nextval(%' FROM"
                    + " pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON (c.relnamespace = n.oid) JOIN"
                    + " pg_catalog.pg_attribute a ON (c.oid = a.attrelid) JOIN pg_catalog.pg_type t ON (a.atttypid ="
                    + " t.oid) LEFT JOIN pg_catalog.pg_attrdef d ON (d.adrelid = a.attrelid AND d.adnum = a.attnum)"
                    + " JOIN (SELECT ")
            + "[0-9]{1,10} AS oid , [0-9]{1,5} AS attnum(?: UNION ALL SELECT [0-9]{1,10}, [0-9]{1,5})*"
            + Pattern.quote(") vals ON (c.oid = vals.oid AND a.attnum = vals.attnum) where c.oid in (")
            + "[0-9]{1,10}(?:, ?[0-9]{1,10})*\\)");

    private final Set<String> texts;

    private ConsoleStatements(Set<String> texts) {
        this.texts = Set.copyOf(texts);
    }

    /** The console's own statements for a session whose connections carry {@code applicationName}. */
    public static ConsoleStatements forApplication(String applicationName) {
        var texts = new LinkedHashSet<String>();
        for (var line : resource().split("\n", -1)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            texts.add(line.replace(APPLICATION, applicationName.replace("'", "''")));
        }
        return new ConsoleStatements(texts);
    }

    /** These plus {@code more} (e.g. what the per-session credential steps send). */
    public ConsoleStatements with(Collection<String> more) {
        var all = new LinkedHashSet<>(texts);
        all.addAll(more);
        return new ConsoleStatements(all);
    }

    public boolean known(String text) {
        return texts.contains(text)
                || (text.length() < 64 * 1024
                        && DRIVER_FIELD_METADATA.matcher(text).matches());
    }

    public Set<String> texts() {
        return texts;
    }

    private static String resource() {
        try (InputStream in = ConsoleStatements.class.getResourceAsStream("console-statements.txt")) {
            if (in == null) {
                throw new IllegalStateException("console-statements.txt is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
