package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates the audit trail's files and directories readable by their owner only: files {@code 0600}, directories
 * {@code 0700}. The journal holds SQL text, reasons and target names, so it is as private as the operator's own
 * shell history. The mode is given at creation (never a wider file made narrower afterwards, which would leave a
 * window); existing files keep the mode they have. On file systems without POSIX permissions nothing is set.
 */
final class PrivateFiles {

    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final FileAttribute<?>[] FILE = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    private static final FileAttribute<?>[] DIRECTORY = POSIX
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
            }
            : new FileAttribute<?>[0];

    private PrivateFiles() {}

    /** The creation attribute for a {@code 0600} file, for {@code FileChannel.open(…, attrs)}. */
    static FileAttribute<?>[] fileMode() {
        return FILE.clone();
    }

    /** Creates {@code dir} and any missing parents as {@code 0700}; existing directories are left as they are. */
    static void createDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, DIRECTORY);
        }
    }

    /** Creates an empty {@code 0600} file unless it exists; true when this call created it. */
    static boolean createFileIfAbsent(Path file) throws IOException {
        try {
            Files.createFile(file, FILE);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        }
    }

    /** Creates a new {@code 0600} file; fails when it exists. */
    static void createNewFile(Path file) throws IOException {
        Files.createFile(file, FILE);
    }
}
