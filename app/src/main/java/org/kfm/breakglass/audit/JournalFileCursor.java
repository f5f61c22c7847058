package org.kfm.breakglass.audit;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;

/**
 * Where the journal's next record goes: the last file in chain order, or a new one after it when the UTC day
 * changes or the size limit would be passed (created {@code 0600}, its directory entry made durable). Used under
 * the writer lock only, so whoever rotates, rotates alone; the other writers {@linkplain #adopt follow} the last file.
 */
final class JournalFileCursor implements Closeable {

    private static final System.Logger LOG = System.getLogger(JournalFileCursor.class.getName());

    private final Path dir;
    private final long maxFileBytes;

    /**
     * A stream, not a FileChannel: a FileChannel is closed for good when the writing thread is interrupted (a GUI
     * task cancelled, an executor shut down), and every later record would then fail: no audit, no access.
     */
    private FileOutputStream out;

    private Path file;
    private JournalFiles.FileKey key;
    private long size;

    JournalFileCursor(Path dir, long maxFileBytes) {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
    }

    /** The next record goes to {@code lastFile} (null: no file yet), whoever created it; its size is read anew. */
    void adopt(Path lastFile) throws IOException {
        if (lastFile == null) {
            closeStream();
            file = null;
            key = null;
            size = 0;
            return;
        }
        if (!lastFile.equals(file)) {
            closeStream();
            file = lastFile;
            key = JournalFiles.key(lastFile).orElseThrow();
        }
        size = Files.size(lastFile);
    }

    /** Opens the file a record of {@code lineBytes} written on {@code day} goes to, rotating if it must. */
    void select(LocalDate day, int lineBytes) throws IOException {
        // Never step back a day (clock adjustments, another console's clock): file order is chain order.
        JournalFiles.FileKey target;
        if (key == null || day.isAfter(key.day())) {
            target = new JournalFiles.FileKey(day, 0);
        } else if (size > 0 && size + lineBytes > maxFileBytes) {
            target = new JournalFiles.FileKey(key.day(), key.index() + 1);
        } else {
            target = key;
        }
        if (!target.equals(key) && file != null && Files.exists(file)) {
            // A record another writer appended to the previous file may still wait for its fsync
            // (AuditJournal#appendSyncingLater): nothing may become durable after it, in a new file, before it is.
            try (var previous = new java.io.RandomAccessFile(file.toFile(), "r")) {
                previous.getFD().sync();
            }
        }
        if (!target.equals(key) || out == null) {
            open(target);
        }
    }

    /** Appends and fsyncs; on failure the file may hold part of {@code bytes} (the caller cuts it back). */
    void writeDurably(byte[] bytes) throws IOException {
        out.write(bytes);
        out.getFD().sync();
        size += bytes.length;
    }

    /**
     * Appends without the fsync; the caller makes the bytes durable with {@link #syncer()} before anything else is
     * written or the stream is closed (on failure the file may hold part of {@code bytes}, as with
     * {@link #writeDurably}).
     */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        size += bytes.length;
    }

    /** The fsync of the current file as it is now, to run on another thread. */
    Syncer syncer() throws IOException {
        var fd = out.getFD();
        var path = file;
        return new Syncer(path, fd);
    }

    /** One pending fsync of one file. */
    record Syncer(Path file, java.io.FileDescriptor fd) {
        void sync() throws IOException {
            fd.sync();
        }
    }

    /** The file's size as of the last record this writer wrote or adopted. */
    long size() {
        return size;
    }

    /** The file was cut back to {@code newSize}. */
    void cutTo(long newSize) {
        size = newSize;
    }

    /** The current file, or null before the first record. */
    Path file() {
        return file;
    }

    private void open(JournalFiles.FileKey target) throws IOException {
        var path = dir.resolve(JournalFiles.name(target.day(), target.index()));
        if (PrivateFiles.createFileIfAbsent(path)) {
            syncDirectory(dir);
        }
        var stream = new FileOutputStream(path.toFile(), true);
        closeStream();
        out = stream;
        file = path;
        key = target;
        size = Files.size(path);
    }

    private void closeStream() throws IOException {
        if (out != null) {
            var o = out;
            out = null;
            o.close();
        }
    }

    /** Makes a new file's directory entry durable too (Linux/macOS; Windows cannot open directories). */
    static void syncDirectory(Path dir) {
        try (var d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "directory fsync not supported here: {0}", e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }
}
