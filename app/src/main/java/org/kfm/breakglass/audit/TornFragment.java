package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Bytes after the last complete record of a journal file that are not records (a write cut off by a crash or a
 * full disk), moved verbatim to {@code <file>.torn-<UTC timestamp>} ({@code 0600}) before the file is cut back,
 * so nothing is lost and the chain can go on. Only ever done under the journal's writer lock.
 */
record TornFragment(Path from, Path to, long offset, long bytes) {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** Copies {@code file}'s bytes from {@code offset} to its end aside (fsynced), then truncates it there. */
    static TornFragment moveAside(Path file, long offset, Instant now) throws IOException {
        try (var raf = new RandomAccessFile(file.toFile(), "rw")) {
            long size = raf.length();
            var bytes = new byte[Math.toIntExact(size - offset)];
            raf.seek(offset);
            raf.readFully(bytes);
            var target = freshTarget(file, now);
            try (var out = new RandomAccessFile(target.toFile(), "rw")) {
                out.write(bytes);
                out.getFD().sync();
            }
            JournalFileCursor.syncDirectory(file.getParent());
            raf.setLength(offset);
            raf.getFD().sync();
            return new TornFragment(file, target, offset, bytes.length);
        }
    }

    private static Path freshTarget(Path file, Instant now) throws IOException {
        String base = file.getFileName() + ".torn-" + STAMP.format(now);
        for (int n = 0; ; n++) {
            var target = file.resolveSibling(n == 0 ? base : base + "-" + n);
            try {
                PrivateFiles.createNewFile(target);
                return target;
            } catch (FileAlreadyExistsException e) {
                // two repairs in the same second: take the next name
            }
        }
    }
}
