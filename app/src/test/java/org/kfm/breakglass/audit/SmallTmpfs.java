package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system for disk-full tests: a tmpfs of a few hundred KiB mounted on a fresh directory
 * ({@code mount -t tmpfs}, which needs root — the tests run as root). When it cannot be mounted the test fails
 * with the reason; it never skips. {@link #fill()} takes every free byte with a filler file, {@link #free()}
 * gives them back.
 */
public final class SmallTmpfs implements AutoCloseable {

    private final Path root;
    private Path filler;

    private SmallTmpfs(Path root) {
        this.root = root;
    }

    /** Mounts a tmpfs of {@code kib} KiB (mode 0700) on a new temporary directory. */
    public static SmallTmpfs mount(int kib) throws IOException, InterruptedException {
        var root = Files.createTempDirectory("bg-small-fs");
        var result = run("mount", "-t", "tmpfs", "-o", "size=" + kib + "k,mode=0700", "tmpfs", root.toString());
        if (result.exit() != 0) {
            Files.deleteIfExists(root);
            throw new AssertionError("this test needs a small real file system to fill: `mount -t tmpfs` on " + root
                    + " failed (exit " + result.exit() + ": " + result.output().strip()
                    + "); run the tests as root (CI does), in a container with CAP_SYS_ADMIN");
        }
        return new SmallTmpfs(root);
    }

    public Path root() {
        return root;
    }

    /** Writes a filler file until the file system answers ENOSPC; returns how many bytes it took. */
    public long fill() throws IOException {
        filler = root.resolve("filler-" + System.nanoTime());
        long written = 0;
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // What the last, partial write got in: every block of the file system is now taken.
        return Files.size(filler);
    }

    /** Deletes the filler: the space is back. */
    public void free() throws IOException {
        if (filler != null) {
            Files.deleteIfExists(filler);
            filler = null;
        }
    }

    /** {@code chattr +a} / {@code -a}: an append-only file cannot be truncated (or opened for writing otherwise). */
    public static void appendOnly(Path file, boolean on) throws IOException, InterruptedException {
        var result = run("chattr", on ? "+a" : "-a", file.toString());
        if (result.exit() != 0) {
            throw new AssertionError("chattr " + (on ? "+a " : "-a ") + file + " failed (exit " + result.exit() + ": "
                    + result.output().strip() + "); the test needs e2fsprogs' chattr and a tmpfs with file attributes");
        }
    }

    /** Clears append-only flags, then unmounts and removes the mount point. */
    @Override
    public void close() throws IOException, InterruptedException {
        try (var files = Files.walk(root)) {
            for (var f : files.filter(Files::isRegularFile).toList()) {
                run("chattr", "-a", f.toString());
            }
        }
        var result = run("umount", root.toString());
        if (result.exit() != 0) {
            throw new AssertionError("umount " + root + " failed: " + result.output());
        }
        Files.deleteIfExists(root);
    }

    private record Result(int exit, String output) {}

    private static Result run(String... command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                .redirectErrorStream(true)
                .start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 30 s");
        }
        return new Result(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
