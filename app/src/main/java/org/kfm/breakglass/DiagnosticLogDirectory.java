package org.kfm.breakglass;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.kfm.breakglass.session.XdgDirs;

/**
 * Where the operator's diagnostic log lives, and that only the operator can read it: the directory is {@code 0700}
 * (created so, or tightened when it exists), each log file {@code 0600} from its first byte
 * ({@link PrivateRollingFileAppender}). The log never holds secrets, but it names databases, pods, tickets and
 * statements' sizes, which other local users have no business reading. On file systems without POSIX
 * permissions (Windows) the user profile's ACLs decide.
 */
final class DiagnosticLogDirectory {
    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private DiagnosticLogDirectory() {}

    /**
     * Makes {@code wanted} (else the XDG state dir's {@code logs}) a private directory and returns it; when that
     * fails, a fresh private directory under the temp dir (never a shared, predictable name there).
     */
    static Path prepare(Path wanted, XdgDirs xdg) {
        Path dir = wanted != null ? wanted : xdg.logDir();
        try {
            return privateDirectory(dir);
        } catch (IOException | RuntimeException e) {
            try {
                return posix()
                        ? Files.createTempDirectory("breakglass-logs-", PosixFilePermissions.asFileAttribute(OWNER_DIR))
                        : Files.createTempDirectory("breakglass-logs-");
            } catch (IOException again) {
                return dir;
            }
        }
    }

    /** Creates {@code dir} (and missing parents) {@code 0700}, or tightens it to {@code 0700} when it exists. */
    static Path privateDirectory(Path dir) throws IOException {
        if (!posix()) {
            return Files.createDirectories(dir);
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        if (!Files.getPosixFilePermissions(dir).equals(OWNER_DIR)) {
            Files.setPosixFilePermissions(dir, OWNER_DIR);
        }
        return dir;
    }

    /** Creates {@code file} {@code 0600} before anyone writes it, or tightens an existing one to {@code 0600}. */
    static void privateFile(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            privateDirectory(parent);
        }
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_FILE);
            Files.createFile(file, mode);
        } catch (FileAlreadyExistsException e) {
            if (!Files.getPosixFilePermissions(file).equals(OWNER_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_FILE);
            }
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
