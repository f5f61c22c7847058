package org.kfm.breakglass.session;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Finds and reads the policy file. Order: the {@code --policy} flag, then {@code BREAKGLASS_POLICY}, then
 * {@code $XDG_CONFIG_HOME/breakglass/policy.yaml}; with none of them, the built-in defaults. A file that exists
 * but is malformed is an error naming the file and line: the console never falls back silently to defaults.
 */
public final class PolicyLoader {
    private final YAMLMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .addModule(new SimpleModule("durations").addDeserializer(Duration.class, new DurationDeserializer()))
            .build();

    /** The policy in force and where it came from. */
    public record LoadedPolicy(Policy policy, String source) {}

    public LoadedPolicy load(Optional<Path> flag, Map<String, String> env) throws PolicyException {
        if (flag.isPresent()) {
            return new LoadedPolicy(read(flag.get()), flag.get().toString());
        }
        String fromEnv = env.get("BREAKGLASS_POLICY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new LoadedPolicy(read(Path.of(fromEnv)), fromEnv + " (BREAKGLASS_POLICY)");
        }
        Path xdg = XdgDirs.from(env).config().resolve("policy.yaml");
        if (Files.exists(xdg)) {
            return new LoadedPolicy(read(xdg), xdg.toString());
        }
        return new LoadedPolicy(Policy.defaults(), "built-in defaults (no " + xdg + ")");
    }

    public Policy read(Path file) throws PolicyException {
        if (!Files.isRegularFile(file)) {
            throw new PolicyException(file + ": no such policy file; fix the path or unset it to use the defaults");
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Policy policy = mapper.readValue(reader, Policy.class);
            return policy == null ? Policy.defaults() : policy;
        } catch (JacksonException e) {
            throw new PolicyException(file + describe(file, e));
        } catch (IOException e) {
            throw new PolicyException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    /** Renders a policy as YAML (for {@code policy show}). */
    public String render(Policy policy) {
        return mapper.writeValueAsString(policy);
    }

    private String describe(Path file, JacksonException e) {
        var location = e.getLocation();
        String where = location != null && location.getLineNr() > 0
                ? ":" + location.getLineNr() + ":" + location.getColumnNr()
                : new PolicyLineFinder(mapper)
                        .lineOf(file, e.getPath()).stream()
                                .mapToObj(line -> ":" + line + ":")
                                .findFirst()
                                .orElse("");
        Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : null;
        String what = cause != null ? cause.getMessage() : e.getOriginalMessage();
        String path = e.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(java.util.stream.Collectors.joining("."));
        return where + " " + what + (path.isBlank() ? "" : " (at " + path + ")")
                + " — fix the policy file; the console will not start a session with a malformed policy";
    }

    private static final class DurationDeserializer extends ValueDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) {
            String text = parser.getValueAsString();
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                return (Duration) context.handleWeirdStringValue(Duration.class, text, e.getMessage());
            }
        }
    }
}
