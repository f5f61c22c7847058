package org.kfm.breakglass.session;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A session's own database role ({@code sessionCredentials: per-session}, ADR 0022): {@code bg_} and the first 8
 * hex digits of the session id, with a random password that exists only here, as characters that are wiped at
 * the end (never a {@code String}, never shown or journaled), and the instant its {@code VALID UNTIL} ends.
 */
public final class SessionRole {
    /** Every per-session role's name starts with this; the sweep looks for nothing else. */
    public static final String PREFIX = "bg_";

    private static final Pattern NAME = Pattern.compile("bg_[0-9a-f]{8}");
    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();
    private static final int PASSWORD_LENGTH = 40;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String name;
    private final char[] password;
    private volatile Instant validUntil;
    private volatile boolean elevated;

    private SessionRole(String name, char[] password, Instant validUntil) {
        this.name = name;
        this.password = password;
        this.validUntil = validUntil;
    }

    /** A new role for session {@code sessionId}, valid until {@code validUntil}, with a fresh random password. */
    static SessionRole forSession(String sessionId, Instant validUntil) {
        var password = new char[PASSWORD_LENGTH];
        var bytes = new byte[PASSWORD_LENGTH];
        RANDOM.nextBytes(bytes);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password[i] = ALPHABET[bytes[i] & 0x3f];
        }
        Arrays.fill(bytes, (byte) 0);
        return new SessionRole(nameFor(sessionId), password, validUntil);
    }

    /** The role name session {@code sessionId} logs in as under {@code per-session}: {@code bg_1a2b3c4d}. */
    public static String nameFor(String sessionId) {
        String hex = sessionId.replace("-", "").toLowerCase(Locale.ROOT);
        return PREFIX + hex.substring(0, Math.min(8, hex.length()));
    }

    /** Whether {@code role} is shaped like a per-session role's name (what the sweep may drop). */
    public static boolean isSessionRoleName(String role) {
        return NAME.matcher(role).matches();
    }

    public String name() {
        return name;
    }

    public Instant validUntil() {
        return validUntil;
    }

    /** The server's VALID UNTIL moved (the session was extended). */
    void validUntil(Instant until) {
        this.validUntil = until;
    }

    /** A copy of the password, for one login; the caller wipes it. */
    char[] passwordCopy() {
        return password.clone();
    }

    /** Whether the writer role was ever granted (its end then reassigns and drops what it owns). */
    boolean elevated() {
        return elevated;
    }

    void markElevated() {
        elevated = true;
    }

    /** Overwrites the password; the role cannot log in from this console afterwards. */
    void wipe() {
        Arrays.fill(password, '\0');
    }

    @Override
    public String toString() {
        return "SessionRole[" + name + ", password=***, validUntil=" + validUntil + "]";
    }
}
