package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The webhook's on-disk queue: lines not yet acknowledged by the endpoint, one per line, fsynced on append and
 * rewritten atomically after a batch is acknowledged. Survives a restart of the console. Files are {@code 0600},
 * the directory {@code 0700}, like the journal.
 */
final class WebhookSpool {

    private final Path file;
    private final Deque<String> pending = new ArrayDeque<>();
    private final Set<String> members = new HashSet<>();

    WebhookSpool(Path file) throws IOException {
        this.file = file;
        PrivateFiles.createDirectories(file.getParent());
        if (Files.exists(file)) {
            for (var line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && members.add(line)) {
                    pending.addLast(line);
                }
            }
        }
    }

    /** Adds a line unless it is already queued (the trail re-offers lines a sink did not acknowledge). */
    synchronized void add(String line) throws IOException {
        if (!members.add(line)) {
            return;
        }
        try {
            PrivateFiles.createFileIfAbsent(file);
        } catch (IOException e) {
            members.remove(line);
            throw e;
        }
        try (var ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
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

    /** Drops the first {@code count} lines after the endpoint acknowledged them. */
    synchronized void acknowledge(int count) throws IOException {
        for (int i = 0; i < count && !pending.isEmpty(); i++) {
            members.remove(pending.removeFirst());
        }
        var tmp = file.resolveSibling(file.getFileName() + ".tmp");
        var text = new StringBuilder();
        pending.forEach(l -> text.append(l).append('\n'));
        PrivateFiles.createFileIfAbsent(tmp);
        try (var ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
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
}
