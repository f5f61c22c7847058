package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The maintained list of built-in functions whose effects a read-only transaction does not stop, by category
 * (resource {@code side-effect-functions.txt}; its header says how it was built and how it is checked).
 */
final class SideEffectCatalogue {
    private static final String RESOURCE = "side-effect-functions.txt";
    private static final SideEffectCatalogue BUILT_IN = load();

    /**
     * One category of the list.
     *
     * @param name short name, e.g. {@code signals}
     * @param extension the extension that installs these functions, or null for core PostgreSQL
     * @param why what calling one of them does, for the operator
     * @param functions the function names, lower case
     */
    record Category(String name, String extension, String why, List<String> functions) {}

    private final List<Category> categories;
    private final Map<String, Category> byFunction = new HashMap<>();

    private SideEffectCatalogue(List<Category> categories) {
        this.categories = List.copyOf(categories);
        for (var category : this.categories) {
            for (var function : category.functions()) {
                if (byFunction.put(function, category) != null) {
                    throw new IllegalStateException(RESOURCE + " lists " + function + " twice");
                }
            }
        }
    }

    static SideEffectCatalogue builtIn() {
        return BUILT_IN;
    }

    List<Category> categories() {
        return categories;
    }

    /** The category of the function the server resolves {@code name} to, if it is listed. */
    Optional<Category> categoryOf(String name) {
        return Optional.ofNullable(byFunction.get(name));
    }

    private static SideEffectCatalogue load() {
        try (InputStream in = SideEffectCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SideEffectCatalogue parse(String text) {
        var categories = new ArrayList<Category>();
        String name = null;
        String extension = null;
        String why = null;
        var functions = new ArrayList<String>();
        int lineNumber = 0;
        for (String raw : text.split("\n", -1)) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (name != null) {
                    categories.add(new Category(name, extension, why, List.copyOf(functions)));
                }
                int close = line.indexOf(']');
                if (close < 0) {
                    throw new IllegalStateException(RESOURCE + ":" + lineNumber + ": a category needs [name] why");
                }
                String[] header = line.substring(1, close).strip().split("\\s+");
                name = header[0];
                extension = header.length > 1 && header[1].startsWith("@") ? header[1].substring(1) : null;
                why = line.substring(close + 1).strip();
                functions.clear();
            } else if (name == null || !line.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalStateException(
                        RESOURCE + ":" + lineNumber + ": expected a lower-case function name, got '" + line + "'");
            } else {
                functions.add(line);
            }
        }
        if (name != null) {
            categories.add(new Category(name, extension, why, List.copyOf(functions)));
        }
        return new SideEffectCatalogue(categories);
    }
}
