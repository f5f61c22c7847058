package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A running session's mark: an exclusive OS lock on {@code live/<session>.lock} in the journal directory, taken
 * before {@code session.start} is journaled and given up once the session's seal is durable (or when its console
 * closes the trail without ending it). Recovery abandons only the unsealed sessions whose mark it can take: the
 * lock of a console that died went with its process, a running console's is still held. Sessions of this JVM are
 * known without touching their files, because closing a second channel on a file this process has locked could
 * drop the lock.
 */
final class SessionLiveness implements AutoCloseable {

    static final String DIR = "live";

    private static final System.Logger LOG = System.getLogger(SessionLiveness.class.getName());
    private static final Set<UUID> IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final UUID session;
    private final Path file;
    private final RandomAccessFile raf;
    private final FileLock lock;
    private final boolean registered;
    private boolean released;

    private SessionLiveness(UUID session, Path file, RandomAccessFile raf, FileLock lock, boolean registered) {
        this.session = session;
        this.file = file;
        this.raf = raf;
        this.lock = lock;
        this.registered = registered;
    }

    /** Marks a new session of this console as running. */
    static SessionLiveness claim(Path journalDir, UUID session) throws IOException {
        var file = fileOf(journalDir, session);
        PrivateFiles.createDirectories(file.getParent());
        PrivateFiles.createFileIfAbsent(file);
        var raf = new RandomAccessFile(file.toFile(), "rw");
        try {
            var lock = raf.getChannel().tryLock();
            if (lock == null) {
                throw new IOException("the liveness lock " + file + " of a new session is held by another process");
            }
            IN_THIS_JVM.add(session);
            return new SessionLiveness(session, file, raf, lock, true);
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /**
     * For recovery, under the journal's writer lock: the mark of an unsealed session when nobody holds it (its
     * console is gone), to be {@linkplain #close() closed} once the session is sealed; empty while it runs.
     */
    static Optional<SessionLiveness> takeIfAbandoned(Path journalDir, UUID session) throws IOException {
        if (IN_THIS_JVM.contains(session)) {
            return Optional.empty();
        }
        var file = fileOf(journalDir, session);
        if (!Files.exists(file)) {
            // Never marked (a journal from before marks) or its mark was removed: nobody can be running it.
            return Optional.of(new SessionLiveness(session, file, null, null, false));
        }
        var raf = new RandomAccessFile(file.toFile(), "rw");
        try {
            FileLock lock;
            try {
                lock = raf.getChannel().tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                raf.close();
                return Optional.empty();
            }
            return Optional.of(new SessionLiveness(session, file, raf, lock, false));
        } catch (IOException | RuntimeException e) {
            raf.close();
            throw e;
        }
    }

    /** Whether this JVM runs {@code session} (for tests and diagnostics). */
    static boolean runsInThisJvm(UUID session) {
        return IN_THIS_JVM.contains(session);
    }

    static Path fileOf(Path journalDir, UUID session) {
        return journalDir.resolve(DIR).resolve(session + ".lock");
    }

    UUID session() {
        return session;
    }

    /** The session is sealed: the mark goes (file deleted, then the lock given up). */
    @Override
    public void close() {
        if (released) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not delete the session mark {0}: {1}", file, e.getMessage());
        }
        release();
    }

    /**
     * The console stops without sealing the session: the lock is given up and the file stays, so the next
     * recovery finds the session unsealed and unmarked, and closes it as abandoned.
     */
    void release() {
        if (released) {
            return;
        }
        released = true;
        if (registered) {
            IN_THIS_JVM.remove(session);
        }
        if (raf != null) {
            try {
                lock.release();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "releasing {0}: {1}", file, e.getMessage());
            }
            try {
                raf.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing {0}: {1}", file, e.getMessage());
            }
        }
    }
}
