package org.kfm.breakglass.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The evidence pack's format ({@value #FORMAT}; docs/audit-format.md, "Evidence pack"): a zip of fixed entry names,
 * a {@code manifest.json} with the SHA-256 and size of every other entry, and, when the journal's seal key is
 * configured, {@code manifest.sig}: the Base64 Ed25519 signature over {@link #SIGNED_PREFIX} followed by the
 * manifest's bytes. The prefix keeps a manifest signature from ever being mistaken for a seal signature made with
 * the same key. The SHA-256 of {@code manifest.json} names the pack: it is what a review records.
 */
public final class EvidencePack {

    public static final String FORMAT = "breakglass-evidence/1";
    public static final String SIGNED_PREFIX = "breakglass evidence manifest v1\n";

    public static final String MANIFEST = "manifest.json";
    public static final String SIGNATURE = "manifest.sig";
    public static final String CHAIN = "journal/chain.jsonl";
    public static final String OWN_LINES = "journal/session.jsonl";
    public static final String AFTER_SEAL = "journal/after-seal.jsonl";
    public static final String VERIFICATION = "verification.txt";
    public static final String WITNESS = "witness.txt";
    public static final String RECONCILIATION_JSON = "reconciliation.json";
    public static final String RECONCILIATION_TEXT = "reconciliation.txt";
    public static final String IDENTITY = "identity.json";
    public static final String PREFLIGHT = "preflight.json";
    public static final String STATEMENTS = "statements.json";
    public static final String EXPORTS = "exports.json";
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_HTML = "summary.html";

    /** Every name a pack may hold, in the order the writer stores them. */
    public static final List<String> NAMES = List.of(
            MANIFEST,
            SIGNATURE,
            SUMMARY_MD,
            SUMMARY_HTML,
            IDENTITY,
            PREFLIGHT,
            STATEMENTS,
            EXPORTS,
            VERIFICATION,
            WITNESS,
            RECONCILIATION_JSON,
            RECONCILIATION_TEXT,
            CHAIN,
            OWN_LINES,
            AFTER_SEAL);

    /** Entries every pack has. */
    static final Set<String> REQUIRED = Set.of(
            MANIFEST,
            SUMMARY_MD,
            SUMMARY_HTML,
            IDENTITY,
            PREFLIGHT,
            STATEMENTS,
            EXPORTS,
            VERIFICATION,
            RECONCILIATION_TEXT,
            CHAIN,
            OWN_LINES);

    private EvidencePack() {}

    static byte[] signedBytes(byte[] manifest) {
        byte[] prefix = SIGNED_PREFIX.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + manifest.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(manifest, 0, out, prefix.length, manifest.length);
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
