package org.kfm.breakglass;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
     * Makes the XDG state dir's {@code logs} (or {@code wanted}, from {@code -Dbreakglass.logDir}) the log
     * directory and returns it: created {@code 0700} when missing; the XDG one is also tightened to {@code 0700}
     * when it exists looser and is ours. A directory named explicitly is never chmod-ed (it may be shared, such
     * as {@code /tmp}); its log files are {@code 0600} all the same. When none can be made, a fresh private
     * directory under the temp dir (never a shared, predictable name there).
     */
    static Path prepare(Path wanted, XdgDirs xdg) {
        Path dir = wanted != null ? wanted : xdg.logDir();
        try {
            createPrivately(dir);
            if (wanted == null) {
                tightenIfOurs(dir, OWNER_DIR);
            }
            return dir;
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

    /** Creates {@code dir} and missing parents {@code 0700}; an existing directory is left as it is. */
    static void createPrivately(Path dir) throws IOException {
        if (posix()) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Creates {@code file} {@code 0600} before anyone writes it; an existing one of ours is tightened to
     * {@code 0600}. A symbolic link is refused: in a shared directory it could point Logback (and a chmod) at
     * someone else's file.
     */
    static void privateFile(Path file) throws IOException {
        if (!posix()) {
            return;
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivately(parent);
        }
        if (Files.isSymbolicLink(file)) {
            throw new IOException("refusing to log into " + file + ": it is a symbolic link");
        }
        try {
            FileAttribute<Set<PosixFilePermission>> mode = PosixFilePermissions.asFileAttribute(OWNER_FILE);
            Files.createFile(file, mode);
        } catch (FileAlreadyExistsException e) {
            tightenIfOurs(file, OWNER_FILE);
        }
    }

    private static void tightenIfOurs(Path path, Set<PosixFilePermission> mode) throws IOException {
        if (!posix() || Files.isSymbolicLink(path)) {
            return;
        }
        var me = path.getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).equals(me)
                && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
                        .equals(mode)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
