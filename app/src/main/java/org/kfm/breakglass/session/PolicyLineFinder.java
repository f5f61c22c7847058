package org.kfm.breakglass.session;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds the line of the value a policy error refers to. Jackson reports record (creator) properties after
 * buffering them, so its own location is often unknown; the error's property path is exact, and walking the
 * YAML tokens once more finds where that path starts.
 */
final class PolicyLineFinder {
    private final YAMLMapper mapper;

    PolicyLineFinder(YAMLMapper mapper) {
        this.mapper = mapper;
    }

    OptionalInt lineOf(Path file, List<JacksonException.Reference> errorPath) {
        List<String> wanted = errorPath.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .toList();
        if (wanted.isEmpty()) {
            return OptionalInt.empty();
        }
        try (JsonParser parser = mapper.createParser(file.toFile())) {
            Deque<Frame> stack = new ArrayDeque<>();
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case START_OBJECT, START_ARRAY -> {
                        if (!stack.isEmpty()) {
                            stack.peek().advanceIfArray();
                        }
                        stack.push(new Frame(token == JsonToken.START_ARRAY));
                    }
                    case END_OBJECT, END_ARRAY -> stack.pop();
                    case PROPERTY_NAME -> {
                        stack.peek().name = parser.currentName();
                        if (path(stack).equals(wanted)) {
                            return OptionalInt.of(parser.currentTokenLocation().getLineNr());
                        }
                    }
                    default -> {
                        if (!stack.isEmpty()) {
                            stack.peek().advanceIfArray();
                        }
                        if (path(stack).equals(wanted)) {
                            return OptionalInt.of(parser.currentTokenLocation().getLineNr());
                        }
                    }
                }
            }
        } catch (JacksonException e) {
            return OptionalInt.empty();
        }
        return OptionalInt.empty();
    }

    private static List<String> path(Deque<Frame> stack) {
        var names = new ArrayList<String>();
        stack.descendingIterator().forEachRemaining(frame -> names.add(frame.segment()));
        return names.stream().filter(Objects::nonNull).toList();
    }

    /** One open object or array while walking tokens. */
    private static final class Frame {
        final boolean array;
        String name;
        int index = -1;

        Frame(boolean array) {
            this.array = array;
        }

        void advanceIfArray() {
            if (array) {
                index++;
            }
        }

        String segment() {
            return array ? (index < 0 ? null : "[" + index + "]") : name;
        }
    }
}
