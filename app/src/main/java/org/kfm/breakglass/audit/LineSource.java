package org.kfm.breakglass.audit;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Streams a journal file line by line into one reusable buffer, so verifying a million events allocates
 * almost nothing per line. Knows whether each line ended with a newline (a torn last line does not).
 */
final class LineSource implements Closeable {

    private final InputStream in;
    private final byte[] chunk = new byte[1 << 20];
    private int pos;
    private int limit;
    private byte[] line = new byte[16 * 1024];
    private int length;
    private boolean newlineTerminated;
    private long lineNumber;
    private long lineStart;
    private long consumed;

    LineSource(Path file) throws IOException {
        this.in = Files.newInputStream(file);
    }

    /** Starts at byte {@code offset} (a line start), numbering lines on from {@code linesBefore}. */
    LineSource(Path file, long offset, long linesBefore) throws IOException {
        this.in = Files.newInputStream(file);
        in.skipNBytes(offset);
        this.consumed = offset;
        this.lineNumber = linesBefore;
    }

    /** Advances to the next line; false at end of file. */
    boolean next() throws IOException {
        length = 0;
        lineStart = consumed;
        while (true) {
            if (pos == limit) {
                int n = in.read(chunk);
                if (n <= 0) {
                    limit = 0;
                    pos = 0;
                    if (length == 0) {
                        return false;
                    }
                    newlineTerminated = false;
                    lineNumber++;
                    return true;
                }
                pos = 0;
                limit = n;
            }
            int i = pos;
            while (i < limit && chunk[i] != '\n') {
                i++;
            }
            append(pos, i - pos);
            consumed += i - pos;
            if (i < limit) {
                pos = i + 1;
                consumed++;
                newlineTerminated = true;
                lineNumber++;
                return true;
            }
            pos = limit;
        }
    }

    private void append(int from, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
        }
        System.arraycopy(chunk, from, line, length, count);
        length += count;
    }

    byte[] buffer() {
        return line;
    }

    int length() {
        return length;
    }

    String text() {
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    boolean newlineTerminated() {
        return newlineTerminated;
    }

    /** 1-based number of the current line. */
    long lineNumber() {
        return lineNumber;
    }

    /** Byte offset in the file where the current line starts. */
    long lineStart() {
        return lineStart;
    }

    /** Byte offset just after the current line (after its newline, when it has one). */
    long lineEnd() {
        return consumed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
