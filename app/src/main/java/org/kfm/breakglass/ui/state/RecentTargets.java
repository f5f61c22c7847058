package org.kfm.breakglass.ui.state;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.kfm.breakglass.ui.port.TargetChoice;
import tools.jackson.core.type.TypeReference;

/** The last targets the operator opened, newest first, in {@code recent-targets.json}. */
public final class RecentTargets {
    static final int LIMIT = 10;

    /** One remembered target. */
    public record Entry(String context, String namespace, String target, String database, String lastUsed) {
        public TargetChoice choice() {
            return new TargetChoice(context, namespace, target, database);
        }
    }

    private final JsonStateFile<List<Entry>> file;

    public RecentTargets(Path stateDirectory) {
        this.file = new JsonStateFile<>(
                stateDirectory.resolve("recent-targets.json"), new TypeReference<>() {}, ArrayList::new);
    }

    public List<Entry> list() {
        return List.copyOf(file.read());
    }

    public void remember(TargetChoice choice, Instant when) {
        var entries = new ArrayList<>(file.read());
        entries.removeIf(e -> e.choice().equals(choice));
        entries.addFirst(
                new Entry(choice.context(), choice.namespace(), choice.target(), choice.database(), when.toString()));
        while (entries.size() > LIMIT) {
            entries.removeLast();
        }
        file.write(entries);
    }
}
