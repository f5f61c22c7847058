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
 * order, the value's <b>server text form</b> (the link disables binary transfer, so this is what
 * {@code ResultSet.getString} returns: geometry as hex EWKB, numbers and timestamps as PostgreSQL prints them)
 * encoded as UTF-8 and preceded by its byte length as a 4-byte big-endian signed integer; SQL NULL is the
 * length {@code -1} ({@code FF FF FF FF}) with no bytes, so NULL differs from the empty string. Column names,
 * types and row boundaries are not hashed (the column count fixes the boundaries). A statement without a result
 * set hashes zero bytes ({@code e3b0c442…}).
 */
public final class ResultDigest {

    private final MessageDigest sha256;

    public ResultDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Adds one value in server text form; {@code null} for SQL NULL. */
    public void add(String text) {
        if (text == null) {
            writeLength(-1);
            return;
        }
        var bytes = text.getBytes(StandardCharsets.UTF_8);
        writeLength(bytes.length);
        sha256.update(bytes);
    }

    /** Lowercase hex digest; the digest cannot be used afterwards. */
    public String finish() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    private void writeLength(int length) {
        sha256.update((byte) (length >>> 24));
        sha256.update((byte) (length >>> 16));
        sha256.update((byte) (length >>> 8));
        sha256.update((byte) length);
    }
}
