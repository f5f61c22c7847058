package org.kfm.breakglass.endpoint.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import org.kfm.breakglass.session.XdgDirs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fresh {@code 0700} directory that holds the endpoint's socket, named {@code .s.PGSQL.5432} so that
 * {@code psql -h <dir>} finds it. It lives under {@code $XDG_RUNTIME_DIR/breakglass/} (a per-user tmpfs the
 * login manager makes {@code 0700}), else under the XDG state directory. The directory is the first wall (no
 * other user can reach the socket through it); the peer check on every connection is the second. Both the socket
 * and the directory are removed at close.
 */
public final class SocketDirectory implements AutoCloseable {
    /** libpq's socket file name for port 5432. */
    public static final String SOCKET_NAME = ".s.PGSQL.5432";
    /** {@code sizeof(sockaddr_un.sun_path)} on Linux, less the terminating NUL. */
    private static final int MAX_SOCKET_PATH_BYTES = 107;

    private static final Logger LOG = LoggerFactory.getLogger(SocketDirectory.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path directory;
    private final UserPrincipal owner;

    private SocketDirectory(Path directory, UserPrincipal owner) {
        this.directory = directory;
        this.owner = owner;
    }

    /** {@code $XDG_RUNTIME_DIR/breakglass} when that is set and absolute, else {@code <XDG state>/run}. */
    public static Path defaultBase(Map<String, String> env) {
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()) {
            return Path.of(runtime).resolve("breakglass");
        }
        return XdgDirs.from(env).state().resolve("run");
    }

    /**
     * Makes a fresh directory under {@code base} (created {@code 0700} when missing).
     *
     * @throws IOException when {@code base} is a symbolic link, not a directory, not owned by this user, or
     *     writable by others, or the socket path would be longer than a Unix socket address allows
     */
    public static SocketDirectory create(Path base) throws IOException {
        Path absolute = base.toAbsolutePath();
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(
                        absolute.getParent() == null ? absolute : absolute.getParent(),
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                Files.createDirectory(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile; checked below like any existing directory
            }
        }
        if (Files.isSymbolicLink(absolute) || !Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(absolute + " is not a plain directory: the endpoint's socket directory must not"
                    + " be reached through a symbolic link; remove it or set XDG_RUNTIME_DIR");
        }
        var permissions = Files.getPosixFilePermissions(absolute, LinkOption.NOFOLLOW_LINKS);
        if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(absolute + " is writable by other users ("
                    + PosixFilePermissions.toString(permissions) + "): run chmod go-w on it");
        }
        Path fresh = Files.createTempDirectory(absolute, "endpoint-", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.setPosixFilePermissions(fresh, OWNER_ONLY);
        UserPrincipal me = Files.getOwner(fresh, LinkOption.NOFOLLOW_LINKS);
        var directory = new SocketDirectory(fresh, me);
        if (!Files.getOwner(absolute, LinkOption.NOFOLLOW_LINKS).equals(me)) {
            directory.close();
            throw new IOException(absolute + " belongs to another user: the endpoint's socket directory must be"
                    + " under a directory you own");
        }
        int length = directory.socketPath().toString().getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_SOCKET_PATH_BYTES) {
            directory.close();
            throw new IOException("the socket path under " + absolute + " would be " + length
                    + " bytes, longer than a Unix socket address allows (" + MAX_SOCKET_PATH_BYTES
                    + "): set XDG_RUNTIME_DIR to a shorter directory");
        }
        return directory;
    }

    /** The directory: what {@code psql -h} takes. */
    public Path path() {
        return directory;
    }

    public Path socketPath() {
        return directory.resolve(SOCKET_NAME);
    }

    /** The OS user the directory belongs to: this process's user, the only peer the endpoint serves. */
    public UserPrincipal owner() {
        return owner;
    }

    /** Removes the socket file and the directory. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(socketPath());
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warn("could not remove the endpoint's socket directory {}: {}", directory, e.getMessage());
        }
    }
}
