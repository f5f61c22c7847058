package org.kfm.breakglass.text;

import java.util.Locale;

/**
 * Untrusted text made safe to print on a terminal or show in a window: every {@linkplain HiddenCharacters hidden}
 * character is replaced by a visible escape ({@code ESC} becomes <code>&#92;u001b</code>, CR {@code \r}, U+202E <code>&#92;u202e</code>,
 * a supplementary one such as a tag character {@code \U000e0041}), so a reason, a statement or an error message
 * can neither drive the terminal (clear the screen, move the cursor, set the title) nor reorder what the reader
 * sees. Tab and line feed pass unchanged; the result holds no hidden character, so escaping twice changes
 * nothing.
 */
public final class TerminalText {
    private TerminalText() {}

    /** {@code text} with every hidden character escaped; null stays null. */
    public static String escape(CharSequence text) {
        if (text == null) {
            return null;
        }
        String s = text.toString();
        if (s.codePoints().noneMatch(HiddenCharacters::isHidden)) {
            return s;
        }
        var out = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            if (HiddenCharacters.isHidden(cp)) {
                out.append(escapeCodePoint(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** One code point's escape: {@code \r} for a carriage return, <code>&#92;u001b</code> in the BMP, {@code \U000e0041} beyond. */
    public static String escapeCodePoint(int codePoint) {
        if (codePoint == '\r') {
            return "\\r";
        }
        return Character.isBmpCodePoint(codePoint)
                ? String.format(Locale.ROOT, "\\u%04x", codePoint)
                : String.format(Locale.ROOT, "\\U%08x", codePoint);
    }
}
