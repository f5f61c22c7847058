package org.kfm.breakglass.text;

import java.io.IOException;
import java.io.Writer;

/**
 * A writer that passes everything through {@link TerminalText}: whatever a command prints (its own messages, a
 * name the operator typed, a server's error text, picocli's usage errors) reaches the terminal with every hidden
 * character escaped. A carriage return directly before a line feed is a line end (Windows) and passes; a lone
 * one, which would let text overwrite its line, is escaped. Surrogate pairs split across writes are joined.
 */
public final class TerminalWriter extends Writer {
    private final Writer out;
    private char pendingHigh;
    private boolean pendingReturn;

    public TerminalWriter(Writer out) {
        super(out);
        this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) throws IOException {
        synchronized (lock) {
            for (int i = offset; i < offset + length; i++) {
                accept(chars[i]);
            }
        }
    }

    @Override
    public void write(String text, int offset, int length) throws IOException {
        synchronized (lock) {
            for (int i = offset; i < offset + length; i++) {
                accept(text.charAt(i));
            }
        }
    }

    @Override
    public void write(int c) throws IOException {
        synchronized (lock) {
            accept((char) c);
        }
    }

    private void accept(char c) throws IOException {
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                emit(Character.toCodePoint(high, c));
                return;
            }
            emit(high);
        }
        if (pendingReturn) {
            pendingReturn = false;
            if (c == '\n') {
                out.write("\r\n");
                return;
            }
            emit('\r');
        }
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (c == '\r') {
            pendingReturn = true;
        } else {
            emit(c);
        }
    }

    private void emit(int codePoint) throws IOException {
        if (HiddenCharacters.isHidden(codePoint)) {
            out.write(TerminalText.escapeCodePoint(codePoint));
        } else {
            out.write(Character.toChars(codePoint));
        }
    }

    /** Writes out a held-back lone carriage return or high surrogate: nothing more can complete it. */
    private void drain() throws IOException {
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            emit(high);
        }
        if (pendingReturn) {
            pendingReturn = false;
            emit('\r');
        }
    }

    @Override
    public void flush() throws IOException {
        synchronized (lock) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            drain();
            out.close();
        }
    }
}
