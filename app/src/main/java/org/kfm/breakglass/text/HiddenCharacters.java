package org.kfm.breakglass.text;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Characters a reader cannot see, or that make a terminal or a text field do something instead of showing a
 * glyph: controls (Unicode Cc: ESC, CR, NUL, DEL, the C1 set with CSI), format characters (Cf: zero-width
 * spaces and joiners, the bidi overrides and isolates such as U+202E and U+2066–U+2069, tag characters), line
 * and paragraph separators, lone surrogates, unassigned code points, and the letters and symbols that render
 * blank (Hangul fillers, U+2800). Tab and line feed are ordinary white space and not hidden.
 *
 * <p>One predicate for every place that judges or shows untrusted text: the justification rules, the GUI's
 * inline validation, {@code audit show} and every CLI error ({@link TerminalText}).
 */
public final class HiddenCharacters {
    private static final Pattern GRAPHEME = Pattern.compile("\\X");
    private static final Pattern WHITE_RUN = Pattern.compile("[\\s\\p{Z}]+");

    private HiddenCharacters() {}

    /** Whether {@code codePoint} is hidden in the sense of this class. */
    public static boolean isHidden(int codePoint) {
        if (codePoint == '\t' || codePoint == '\n') {
            return false;
        }
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE,
                    Character.UNASSIGNED -> true;
            default -> rendersBlank(codePoint);
        };
    }

    /** Letters and symbols with no visible glyph (Unicode Default_Ignorable or blank by design). */
    private static boolean rendersBlank(int codePoint) {
        return codePoint == 0x115F
                || codePoint == 0x1160
                || codePoint == 0x3164
                || codePoint == 0xFFA0
                || codePoint == 0x2800
                || codePoint == 0x17B4
                || codePoint == 0x17B5
                || (codePoint >= 0x180B && codePoint <= 0x180F);
    }

    /** The first hidden character of {@code text}, if any. */
    public static Optional<Found> first(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int count = 0;
        Found first = null;
        int position = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            position++;
            if (isHidden(cp)) {
                count++;
                if (first == null) {
                    first = new Found(cp, position, 0);
                }
            }
            i += Character.charCount(cp);
        }
        return first == null ? Optional.empty() : Optional.of(new Found(first.codePoint(), first.position(), count));
    }

    /**
     * How many characters a reader sees: grapheme clusters (a letter with its accents counts once), with every
     * run of white space counted as one and leading/trailing white space not at all. Hidden characters count
     * nothing; callers reject them anyway ({@link #problem}).
     */
    public static int visibleLength(String text) {
        if (text == null) {
            return 0;
        }
        var visible = new StringBuilder(text.length());
        text.codePoints().filter(cp -> !isHidden(cp)).forEach(visible::appendCodePoint);
        String collapsed = WHITE_RUN.matcher(visible).replaceAll(" ").strip();
        var clusters = GRAPHEME.matcher(collapsed);
        int n = 0;
        while (clusters.find()) {
            n++;
        }
        return n;
    }

    /**
     * The problem with {@code text} as the {@code field} of a justification, saying which character and what to
     * do; empty when it holds no hidden character.
     */
    public static Optional<String> problem(String field, String text) {
        return first(text)
                .map(found -> "the " + field + " contains " + describe(found.codePoint())
                        + " at character " + found.position()
                        + (found.count() > 1 ? " (and " + (found.count() - 1) + " more hidden character(s))" : "")
                        + ": control, formatting and invisible characters are not allowed; retype the " + field
                        + " as plain text (pasted text often carries them)");
    }

    /** <code>U+202E RIGHT-TO-LEFT OVERRIDE (&#92;u202e)</code>: the code point, its Unicode name, and how it is shown. */
    public static String describe(int codePoint) {
        String name = Character.getName(codePoint);
        return "U+" + String.format(Locale.ROOT, "%04X", codePoint)
                + (name == null ? "" : " " + name)
                + " (" + TerminalText.escapeCodePoint(codePoint) + ")";
    }

    /**
     * A hidden character found in a text.
     *
     * @param codePoint the first one
     * @param position its position, counted in code points from 1
     * @param count how many hidden characters the text holds in all
     */
    public record Found(int codePoint, int position, int count) {}
}
