package org.kfm.breakglass.ui.state;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One small JSON file of UI state. A damaged file is logged and treated as empty: losing a recent-targets list
 * must never stop an operator from opening a session.
 */
final class JsonStateFile<T> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonStateFile.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    private final TypeReference<T> type;
    private final Supplier<T> empty;

    JsonStateFile(Path file, TypeReference<T> type, Supplier<T> empty) {
        this.file = file;
        this.type = type;
        this.empty = empty;
    }

    T read() {
        if (!Files.isRegularFile(file)) {
            return empty.get();
        }
        try {
            T value = JSON.readValue(file.toFile(), type);
            return value == null ? empty.get() : value;
        } catch (JacksonException e) {
            LOG.warn("ignoring unreadable UI state file {}: {}", file, e.getOriginalMessage());
            return empty.get();
        }
    }

    void write(T value) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), value);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | JacksonException e) {
            LOG.warn("could not save UI state file {}: {}", file, e.getMessage());
        }
    }
}
