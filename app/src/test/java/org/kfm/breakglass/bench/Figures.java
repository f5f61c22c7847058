package org.kfm.breakglass.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** Every figure of a benchmark run by name, one value per round. */
final class Figures {

    private final Map<String, Series> byName = new LinkedHashMap<>();

    void add(String name, double value) {
        byName.computeIfAbsent(name, n -> new Series()).add(value);
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    Series get(String name) {
        Series s = byName.get(name);
        if (s == null) {
            throw new IllegalArgumentException("no figure " + name);
        }
        return s;
    }

    Map<String, Series> all() {
        return byName;
    }
}
