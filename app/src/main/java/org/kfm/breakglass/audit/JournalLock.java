package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The writer lock every console on a journal directory takes for one append (or one recovery): an exclusive OS
 * lock on {@code journal.lock}, with a JVM-wide lock in front of it. Java's file locks belong to the process: a
 * second channel of the same JVM gets {@link OverlappingFileLockException}, and closing any channel on the file
 * may drop the process's lock. So every journal of this JVM on the same lock file shares one instance, one
 * channel, and takes the in-process lock first.
 *
 * <p>The file also carries a change token: a writer puts a fresh token there before it appends. A writer that
 * finds its own last token under the lock knows nobody appended since, so it can skip re-reading the head.
 *
 * <p>The OS lock is taken with {@code tryLock} in a short back-off loop rather than a blocking {@code lock()}: a
 * blocking file-lock wait is interruptible and an interrupt closes the channel (a cancelled GUI task would take
 * the journal down with it), and the loop can give up with a clear message after {@link #WAIT_MILLIS}.
 */
final class JournalLock {

    static final String FILE_NAME = "journal.lock";

    /** How long one append waits for the other consoles before it fails naming the lock. */
    static final long WAIT_MILLIS = 30_000;

    /** Tokens are fixed-length so overwriting one never grows the file (no new block needed on a full disk). */
    static final int TOKEN_LENGTH = 33;

    private static final System.Logger LOG = System.getLogger(JournalLock.class.getName());
    private static final Map<Object, JournalLock> SHARED = new HashMap<>();

    private final Path file;
    private final Object key;
    private final ReentrantLock inProcess = new ReentrantLock(true);
    private int users;

    private RandomAccessFile raf;
    private FileChannel channel;
    private Object openedKey;
    private FileLock held;

    private JournalLock(Path file, Object key) {
        this.file = file;
        this.key = key;
    }

    /** The lock of {@code dir} for this JVM, created (file {@code 0600}) and opened on first use. */
    static JournalLock share(Path dir) throws IOException {
        var file = dir.resolve(FILE_NAME);
        PrivateFiles.createFileIfAbsent(file);
        // A stat, not an open: opening and closing a probe channel could drop a lock this JVM holds on the file.
        var key = fileKey(file);
        synchronized (SHARED) {
            var lock = SHARED.computeIfAbsent(key == null ? file.toRealPath() : key, k -> new JournalLock(file, k));
            lock.users++;
            return lock;
        }
    }

    /** Gives this journal's share back; the last one closes the file. */
    void unshare() throws IOException {
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(key);
            // Closed before another share() can open the file anew: closing a channel drops every lock this
            // process holds on the file, including a newer channel's.
            inProcess.lock();
            try {
                closeFile();
            } finally {
                inProcess.unlock();
            }
        }
    }

    Path file() {
        return file;
    }

    /**
     * Takes the lock (reentrant in the holding thread) and returns the hold; closing the outermost hold releases it.
     *
     * @throws IOException when the lock file cannot be used or another process holds it past {@link #WAIT_MILLIS}
     */
    Hold hold() throws IOException {
        inProcess.lock();
        if (inProcess.getHoldCount() > 1) {
            return new Hold();
        }
        try {
            acquireFileLock();
            return new Hold();
        } catch (IOException | RuntimeException e) {
            inProcess.unlock();
            throw e;
        }
    }

    private void acquireFileLock() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        long pause = 20_000;
        while (true) {
            if (channel == null || !channel.isOpen()) {
                openFile();
            }
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // the same file reached through another path in this JVM: wait like for a process
            }
            if (lock != null) {
                if (sameFileAsPath()) {
                    held = lock;
                    return;
                }
                // journal.lock was deleted or replaced: lock what the other consoles now lock.
                LOG.log(System.Logger.Level.WARNING, "{0} was replaced while in use; reopening it", file);
                lock.release();
                closeFile();
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the audit journal lock " + file + " has been held by another process for "
                        + WAIT_MILLIS / 1000 + " s; a console older than this one holds it for its whole run, or a"
                        + " process is stuck: close it and retry");
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 2_000_000);
        }
    }

    private boolean sameFileAsPath() throws IOException {
        try {
            var now = fileKey(file);
            return now == null || now.equals(openedKey);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void openFile() throws IOException {
        closeFile();
        PrivateFiles.createFileIfAbsent(file);
        raf = new RandomAccessFile(file.toFile(), "rw");
        channel = raf.getChannel();
        openedKey = fileKey(file);
    }

    private void closeFile() throws IOException {
        held = null;
        if (raf != null) {
            try {
                raf.close();
            } finally {
                raf = null;
                channel = null;
            }
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** The lock, held; also reads and writes the change token. */
    final class Hold implements AutoCloseable {

        private boolean closed;

        private Hold() {}

        /** The token the last writer left (empty for a new lock file). */
        String token() throws IOException {
            byte[] buf = new byte[TOKEN_LENGTH];
            raf.seek(0);
            int n = 0;
            while (n < buf.length) {
                int r = raf.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new String(Arrays.copyOf(buf, n), StandardCharsets.US_ASCII);
        }

        /** Leaves {@code token} (exactly {@link #TOKEN_LENGTH} ASCII characters) for the next writer to find. */
        String writeToken(String token) throws IOException {
            byte[] bytes = token.getBytes(StandardCharsets.US_ASCII);
            if (bytes.length != TOKEN_LENGTH) {
                throw new IllegalArgumentException("a journal lock token has " + TOKEN_LENGTH + " characters");
            }
            raf.seek(0);
            raf.write(bytes);
            return token;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (inProcess.getHoldCount() == 1 && held != null) {
                    var lock = held;
                    held = null;
                    lock.release();
                }
            } finally {
                inProcess.unlock();
            }
        }
    }
}
