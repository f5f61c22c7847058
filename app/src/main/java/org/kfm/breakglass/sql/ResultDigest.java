package org.kfm.breakglass.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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
 * would otherwise be four million single-byte updates for the lengths alone. The buffer starts small and grows to
 * its full size only for a result that needs it, and the digest is a copy of a fresh one: every audited statement
 * makes a digest, most of them for a row or none, and a 16 KiB array plus a provider look-up each was a measurable
 * part of an audited {@code SELECT 1}'s client CPU. Not thread-safe.
 */
public final class ResultDigest {

    private static final int BUFFER_BYTES = 16 * 1024;
    private static final int FIRST_BUFFER_BYTES = 256;
    private static final MessageDigest FRESH = sha256();

    private final MessageDigest sha256 = copyOfFresh();
    private byte[] buffer = new byte[FIRST_BUFFER_BYTES];
    private int used;

    public ResultDigest() {}

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
        if (fits(serverText.length)) {
            System.arraycopy(serverText, 0, buffer, used, serverText.length);
            used += serverText.length;
        } else {
            sha256.update(serverText);
        }
    }

    /** Lowercase hex digest; the digest cannot be used afterwards. */
    public String finish() {
        drain();
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void writeLength(int length) {
        fits(Integer.BYTES);
        buffer[used++] = (byte) (length >>> 24);
        buffer[used++] = (byte) (length >>> 16);
        buffer[used++] = (byte) (length >>> 8);
        buffer[used++] = (byte) length;
    }

    /**
     * Makes room for {@code bytes} more in the buffer, growing it up to its full size before draining it; false when
     * they do not fit even in the drained full buffer (the caller then hands them to the digest itself, in order,
     * since everything before them was drained).
     */
    private boolean fits(int bytes) {
        if (buffer.length - used >= bytes) {
            return true;
        }
        if (buffer.length < BUFFER_BYTES) {
            int size = buffer.length;
            while (size < BUFFER_BYTES && size - used < bytes) {
                size *= 2;
            }
            buffer = Arrays.copyOf(buffer, size);
            if (buffer.length - used >= bytes) {
                return true;
            }
        }
        drain();
        return buffer.length >= bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static MessageDigest copyOfFresh() {
        try {
            return (MessageDigest) FRESH.clone();
        } catch (CloneNotSupportedException e) {
            return sha256();
        }
    }

    private void drain() {
        if (used > 0) {
            sha256.update(buffer, 0, used);
            used = 0;
        }
    }
}
