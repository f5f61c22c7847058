package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;

/**
 * The head of a journal read from its end, for a writer whose view is stale (another console appended): the last
 * complete record of the last file that has one, and where in the last file the bytes that are not records begin
 * (a write cut off when its console died). Reads backwards a block at a time, so it costs a few kilobytes however
 * long the file is.
 *
 * @param lastFile     the last journal file in chain order (where the next record goes), or null when none exists
 * @param lastFileSize its size
 * @param last         the last record, or null when no file holds one
 * @param junkFrom     offset in {@code lastFile} from which its bytes are not records, or -1 when it ends cleanly
 */
record JournalTail(Path lastFile, long lastFileSize, LineFacts last, long junkFrom) {

    private static final int BLOCK = 64 * 1024;

    static JournalTail read(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            return new JournalTail(null, 0, null, -1);
        }
        var lastFile = files.getLast();
        var tail = scanBackwards(lastFile);
        LineFacts last = tail.record();
        for (int i = files.size() - 2; last == null && i >= 0; i--) {
            last = scanBackwards(files.get(i)).record();
        }
        return new JournalTail(lastFile, tail.size(), last, tail.junkFrom());
    }

    private record FileTail(long size, LineFacts record, long junkFrom) {}

    private static FileTail scanBackwards(Path file) throws IOException {
        try (var in = new Backwards(file)) {
            long size = in.size();
            if (size == 0) {
                return new FileTail(0, null, -1);
            }
            long end = in.previousNewline(size) + 1; // everything from here on is an incomplete last line
            long junkFrom = end < size ? end : -1;
            while (end > 0) {
                long start = in.previousNewline(end - 1) + 1;
                byte[] line = in.read(start, (int) (end - 1 - start));
                try {
                    return new FileTail(size, LineScanner.scan(line, line.length), junkFrom);
                } catch (IllegalArgumentException notARecord) {
                    junkFrom = start;
                    end = start;
                }
            }
            return new FileTail(size, null, junkFrom);
        }
    }

    /** Random access from the end of a file, one block cached. */
    private static final class Backwards implements AutoCloseable {
        private final RandomAccessFile raf;
        private final long size;
        private final byte[] block = new byte[BLOCK];
        private long blockStart = -1;
        private int blockLength;

        Backwards(Path file) throws IOException {
            this.raf = new RandomAccessFile(file.toFile(), "r");
            this.size = raf.length();
        }

        long size() {
            return size;
        }

        /** Offset of the last {@code '\n'} before {@code before}, or -1 when there is none. */
        long previousNewline(long before) throws IOException {
            long pos = before - 1;
            while (pos >= 0) {
                load(pos);
                for (int i = (int) (pos - blockStart); i >= 0; i--) {
                    if (block[i] == '\n') {
                        return blockStart + i;
                    }
                }
                pos = blockStart - 1;
            }
            return -1;
        }

        private void load(long pos) throws IOException {
            if (blockStart >= 0 && pos >= blockStart && pos < blockStart + blockLength) {
                return;
            }
            blockStart = Math.max(0, pos - BLOCK + 1);
            blockLength = (int) Math.min(BLOCK, size - blockStart);
            raf.seek(blockStart);
            raf.readFully(block, 0, blockLength);
        }

        byte[] read(long start, int length) throws IOException {
            var bytes = new byte[length];
            raf.seek(start);
            raf.readFully(bytes);
            return bytes;
        }

        @Override
        public void close() throws IOException {
            raf.close();
        }
    }
}
