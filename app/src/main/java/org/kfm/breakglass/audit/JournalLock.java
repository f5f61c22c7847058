package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The single-writer guard: an OS file lock on {@code journal.lock}. A second console waits briefly for it and
 * then fails with a message saying what holds it.
 */
final class JournalLock {

    static final String FILE_NAME = "journal.lock";
    private static final long WAIT_MILLIS = 2_000;

    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private JournalLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static JournalLock acquire(Path dir) throws IOException {
        var file = dir.resolve(FILE_NAME);
        var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + WAIT_MILLIS * 1_000_000;
        try {
            while (true) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    lock = null; // held by this very JVM: another open journal on the same directory
                }
                if (lock != null) {
                    return new JournalLock(channel, lock);
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("the audit journal " + dir + " is in use by another Break-Glass console"
                            + " (lock " + file + " is held); close the other console, or give this one its own"
                            + " --audit-dir");
                }
                Thread.sleep(100);
            }
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } catch (InterruptedException e) {
            channel.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the audit journal lock " + file, e);
        }
    }

    synchronized boolean released() {
        return released;
    }

    synchronized void release() throws IOException {
        if (!released) {
            released = true;
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
