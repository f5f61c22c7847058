package org.kfm.breakglass.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The result hash recorded in the audit log, computed over the rows exactly as delivered.
 *
 * <p>Canonical byte form (mirrors the PostgreSQL DataRow message, so anyone can recompute it from the server's
 * text output, e.g. {@code psql} / {@code COPY ... TO STDOUT}): for every row in order, for every column in
 * order, the value's <b>server text form</b> — the bytes of its DataRow field, which the server sends in
 * {@code client_encoding} UTF-8 (the link disables binary transfer, so this is what {@code ResultSet.getString}
 * decodes: geometry as hex EWKB, numbers and timestamps as PostgreSQL prints them) — preceded by its byte length
 * as a 4-byte big-endian signed integer; SQL NULL is the length {@code -1} ({@code FF FF FF FF}) with no bytes,
 * so NULL differs from the empty string. Column names, types and row boundaries are not hashed (the column count
 * fixes the boundaries). A statement without a result set hashes zero bytes ({@code e3b0c442…}).
 *
 * <p>The bytes are gathered in a small buffer and handed to SHA-256 in blocks: a million rows of two short values
 * would otherwise be four million single-byte updates for the lengths alone. Not thread-safe.
 */
public final class ResultDigest {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final MessageDigest sha256;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int used;

    public ResultDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Adds one value in server text form; {@code null} for SQL NULL. */
    public void add(String text) {
        addServerText(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Adds one value as the bytes of its DataRow field (its server text form in UTF-8); {@code null} for SQL NULL.
     * The array is read, never kept or changed.
     */
    public void addServerText(byte[] serverText) {
        if (serverText == null) {
            writeLength(-1);
            return;
        }
        writeLength(serverText.length);
        if (serverText.length <= buffer.length - used) {
            System.arraycopy(serverText, 0, buffer, used, serverText.length);
            used += serverText.length;
        } else {
            drain();
            sha256.update(serverText);
        }
    }

    /** Lowercase hex digest; the digest cannot be used afterwards. */
    public String finish() {
        drain();
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void writeLength(int length) {
        if (buffer.length - used < Integer.BYTES) {
            drain();
        }
        buffer[used++] = (byte) (length >>> 24);
        buffer[used++] = (byte) (length >>> 16);
        buffer[used++] = (byte) (length >>> 8);
        buffer[used++] = (byte) length;
    }

    private void drain() {
        if (used > 0) {
            sha256.update(buffer, 0, used);
            used = 0;
        }
    }
}
