package org.kfm.breakglass.endpoint.proxy;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;
import org.kfm.breakglass.endpoint.upstream.StatementOutcome;
import org.kfm.breakglass.endpoint.upstream.StatementTicket;
import org.kfm.breakglass.endpoint.wire.ServerNotice;

/**
 * One journaled statement while it runs: its ticket, what came back (rows, COPY bytes, the result hash) and how it
 * ended. The result hash is SHA-256 over each DataRow's column values as sent (length word, then bytes; -1 for
 * NULL) — for text results exactly the console's {@code resultSha256} — or over the COPY data for
 * {@code COPY … TO STDOUT}. Its outcome is journaled once, when it has one and no Execute for it is still
 * outstanding.
 */
final class StatementRun {
    private final StatementTicket ticket;
    private final long startNanos = System.nanoTime();
    private final MessageDigest digest;
    private final Supplier<List<String>> describedElsewhere;
    private List<String> columns;
    private long dataRows;
    private long copyBytes;
    private int rowHeaderToSkip;
    private int outstandingExecutes;
    private StatementOutcome outcome;
    private boolean journaled;

    /** @param describedElsewhere the columns a Describe of its portal or statement reported */
    StatementRun(StatementTicket ticket, Supplier<List<String>> describedElsewhere) {
        this.ticket = ticket;
        this.describedElsewhere = describedElsewhere;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    StatementTicket ticket() {
        return ticket;
    }

    /** The columns of its own RowDescription (simple Query). */
    void describe(List<String> names) {
        this.columns = List.copyOf(names);
    }

    private List<String> columns() {
        return columns != null ? columns : describedElsewhere.get();
    }

    /** A DataRow begins: its 2-byte column count is not part of the hash. */
    void rowStarted() {
        dataRows++;
        rowHeaderToSkip = 2;
    }

    void rowBytes(byte[] bytes, int offset, int length) {
        int skip = Math.min(rowHeaderToSkip, length);
        rowHeaderToSkip -= skip;
        if (length > skip) {
            digest.update(bytes, offset + skip, length - skip);
        }
    }

    void copyOutBytes(byte[] bytes, int offset, int length) {
        copyBytes += length;
        digest.update(bytes, offset, length);
    }

    void copyInBytes(int length) {
        copyBytes += length;
    }

    void executeSent() {
        outstandingExecutes++;
    }

    void executeAnswered() {
        outstandingExecutes--;
    }

    int outstanding() {
        return outstandingExecutes;
    }

    /** True while a later Execute may still add to it (it has no outcome yet). */
    boolean open() {
        return outcome == null;
    }

    void completed(String tag) {
        if (outcome == null) {
            long tagged = taggedRows(tag);
            outcome = new StatementOutcome.Completed(
                    tag, dataRows > 0 ? dataRows : tagged, copyBytes, columns(), hash(), millis());
        }
    }

    void failed(ServerNotice error) {
        if (outcome == null) {
            outcome = new StatementOutcome.Failed(error.sqlstate(), error.message(), dataRows, millis());
        }
    }

    void notRun(String reason) {
        if (outcome == null) {
            outcome = new StatementOutcome.NotRun(reason);
        }
    }

    /** The server skipped it after an earlier error: not run, or cut short if it had already returned rows. */
    void skipped(String reason) {
        if (dataRows > 0 || copyBytes > 0) {
            closedEarly();
        } else {
            notRun(reason);
        }
    }

    /** The client stopped a suspended portal (closed it, or its transaction ended). */
    void closedEarly() {
        if (outcome == null) {
            outcome = new StatementOutcome.Completed(null, dataRows, copyBytes, columns(), hash(), millis());
        }
    }

    /** The outcome to journal now, once: when it has one and nothing more is outstanding. */
    StatementOutcome takeOutcome() {
        if (journaled || outcome == null || outstandingExecutes > 0) {
            return null;
        }
        journaled = true;
        return outcome;
    }

    /** The outcome to journal when the connection ends: outstanding Executes will never be answered. */
    StatementOutcome takeOutcomeForced() {
        if (journaled || outcome == null) {
            return null;
        }
        journaled = true;
        return outcome;
    }

    private String hash() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private double millis() {
        return (System.nanoTime() - startNanos) / 1_000_000.0;
    }

    /** The row count in a CommandComplete tag: the last number ({@code INSERT 0 5}, {@code SELECT 5}, {@code COPY 5}). */
    static long taggedRows(String tag) {
        if (tag == null) {
            return 0;
        }
        int space = tag.lastIndexOf(' ');
        if (space < 0) {
            return 0;
        }
        try {
            return Long.parseLong(tag.substring(space + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
