package org.kfm.breakglass.audit;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A remote sink's on-disk queue (the webhook's and the syslog sink's): lines not yet delivered, one per line,
 * fsynced on append and rewritten atomically after a batch is delivered, so a console restart loses nothing.
 * Files are private to the user (0600) since they hold SQL text.
 *
 * <p>A console owns its spool file while it runs (an OS lock beside it); a second console on the same directory
 * takes the next free file ({@code name-2.spool}, …) rather than clobbering the first one's queue. Whichever
 * console next takes a file delivers the backlog left in it.
 */
final class DiskSpool implements Closeable {

    private static final int MAX_SLOTS = 16;

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Deque<String> pending = new ArrayDeque<>();
    private final Set<String> members = new HashSet<>();

    private DiskSpool(Path file, FileChannel lockChannel, FileLock lock) throws IOException {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        if (Files.exists(file)) {
            for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && members.add(line)) {
                    pending.addLast(line);
                }
            }
        }
    }

    /**
     * Opens the first spool file {@code dir/KIND-HASH[-N].spool} that no other console holds, HASH naming the
     * endpoint (so two sinks of one kind never share a queue, and the name holds no credentials).
     *
     * @param kind     {@code syslog}, {@code webhook}
     * @param endpoint the receiver, e.g. {@code host:port} or the URL
     * @throws IOException when the directory cannot be used or every slot is taken
     */
    static DiskSpool open(Path dir, String kind, String endpoint) throws IOException {
        String baseName = kind + "-" + shortHash(endpoint);
        PrivateFiles.createDirectories(dir);
        for (int slot = 1; slot <= MAX_SLOTS; slot++) {
            String name = slot == 1 ? baseName : baseName + "-" + slot;
            Path file = dir.resolve(name + ".spool");
            var channel = FileChannel.open(
                    file.resolveSibling(name + ".spool.lock"),
                    Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                    PrivateFiles.fileMode());
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM already holds it (another console in the same process)
            }
            if (lock == null) {
                channel.close();
                continue;
            }
            try {
                return new DiskSpool(file, channel, lock);
            } catch (IOException | RuntimeException e) {
                lock.release();
                channel.close();
                throw e;
            }
        }
        throw new IOException("all " + MAX_SLOTS + " spool files " + baseName + "*.spool in " + dir
                + " are held by running consoles; close one of them");
    }

    /** Adds a line unless it is already queued (the trail re-offers lines a sink did not acknowledge). */
    synchronized void add(String line) throws IOException {
        if (!members.add(line)) {
            return;
        }
        try (var ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                PrivateFiles.fileMode())) {
            var buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException e) {
            members.remove(line);
            throw e;
        }
        pending.addLast(line);
    }

    synchronized List<String> peek(int max) {
        var batch = new ArrayList<String>(Math.min(max, pending.size()));
        for (var line : pending) {
            if (batch.size() == max) {
                break;
            }
            batch.add(line);
        }
        return batch;
    }

    /** Drops the first {@code count} lines after the receiver took them. */
    synchronized void acknowledge(int count) throws IOException {
        for (int i = 0; i < count && !pending.isEmpty(); i++) {
            members.remove(pending.removeFirst());
        }
        var tmp = file.resolveSibling(file.getFileName() + ".tmp");
        var text = new StringBuilder();
        pending.forEach(l -> text.append(l).append('\n'));
        Files.deleteIfExists(tmp);
        try (var ch = FileChannel.open(
                tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), PrivateFiles.fileMode())) {
            var buf = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized int size() {
        return pending.size();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    private static String shortHash(String s) {
        try {
            var d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
