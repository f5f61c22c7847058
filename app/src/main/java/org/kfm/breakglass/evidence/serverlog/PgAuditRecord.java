package org.kfm.breakglass.evidence.serverlog;

import java.util.Iterator;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * One pgaudit record: {@code AUDIT: SESSION,<statement id>,<substatement id>,<class>,<command>,<object type>,
 * <object name>,<statement>,<parameter>[,<rows>]} — CSV, quoted where a field holds a comma, quote or line break
 * (pgaudit's format; {@code rows} only with {@code pgaudit.log_rows}).
 *
 * <p>What pgaudit's ids mean, and what they do not: statement ids count the backend's top-level statements
 * ("sequential even if some statements are not logged"), substatement ids the statements run inside one. With the
 * extended query protocol a statement sent while the previous one's portal is still open is numbered as a
 * substatement of it, and with {@code log_rows} the records are written when each executor ends, so neither
 * numbering nor order tells top-level from nested statements reliably; the reconciliation does not rely on them.
 *
 * @param rows null when {@code pgaudit.log_rows} is off
 */
public record PgAuditRecord(
        String auditType,
        long statementId,
        long substatementId,
        String auditClass,
        String command,
        String objectType,
        String objectName,
        String statement,
        String parameter,
        Long rows) {

    /** The text pgaudit writes instead of a statement already logged for the same id ({@code log_statement_once}). */
    public static final String PREVIOUSLY_LOGGED = "<previously logged>";

    static final String PREFIX = "AUDIT: ";

    private static final CsvMapper CSV = CsvMapper.builder().build();

    /**
     * Reads a log message that starts with {@code AUDIT: }.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static PgAuditRecord parse(String message) {
        if (!message.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a pgaudit message (it does not start with 'AUDIT: ')");
        }
        String[] f;
        try (var rows = CSV.readerFor(String[].class)
                .with(CsvReadFeature.WRAP_AS_ARRAY)
                .<String[]>readValues(message.substring(PREFIX.length()))) {
            Iterator<String[]> it = rows;
            if (!it.hasNext()) {
                throw new IllegalArgumentException("empty pgaudit record");
            }
            f = it.next();
            if (it.hasNext()) {
                throw new IllegalArgumentException("the pgaudit record is followed by more CSV rows");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the pgaudit record is not valid CSV: " + e.getOriginalMessage(), e);
        }
        if (f.length != 9 && f.length != 10) {
            throw new IllegalArgumentException(
                    "a pgaudit record has 9 fields (10 with pgaudit.log_rows), this one " + f.length);
        }
        return new PgAuditRecord(
                f[0],
                number(f[1], "statement id"),
                number(f[2], "substatement id"),
                f[3],
                f[4],
                f[5],
                f[6],
                f[7],
                f[8],
                f.length == 10 ? number(f[9], "rows") : null);
    }

    /** Builds a record from CloudNativePG's JSON fields (strings, as it copies them from the CSV). */
    static PgAuditRecord of(
            String auditType,
            String statementId,
            String substatementId,
            String auditClass,
            String command,
            String objectType,
            String objectName,
            String statement,
            String parameter,
            String rows) {
        return new PgAuditRecord(
                auditType,
                number(statementId, "statement_id"),
                number(substatementId, "substatement_id"),
                auditClass,
                command,
                objectType,
                objectName,
                statement,
                parameter,
                rows == null || rows.isEmpty() ? null : number(rows, "rows"));
    }

    private static long number(String text, String what) {
        try {
            long n = Long.parseLong(text);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the pgaudit " + what + " is not a number: '" + text + "'");
        }
    }
}
