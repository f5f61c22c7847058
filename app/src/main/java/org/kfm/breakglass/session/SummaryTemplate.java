package org.kfm.breakglass.session;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * The policy's webhook session summary ({@code audit.sinks[].summary.template}): a JSON document whose strings may
 * hold {@code {{name}}} placeholders. The template is parsed as JSON when the policy loads and filled in as a tree
 * — each placeholder replaced inside its JSON string, the document written by Jackson — so a value (a ticket, a
 * verdict) can never close a string or add a field. Placeholders outside strings, in field names or unknown ones
 * are refused when the policy loads. No value is a password, a statement's text or a parameter: only counts, ids
 * and verdicts ({@link #NAMES}).
 */
public final class SummaryTemplate {
    /** The placeholders a template may use. */
    public static final Set<String> NAMES =
            Set.of("sessionId", "ticket", "operator", "ended", "verdict", "statements", "evidenceHint");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^{}]*)}}");

    private final JsonNode tree;

    private SummaryTemplate(JsonNode tree) {
        this.tree = tree;
    }

    /** @throws IllegalArgumentException not JSON, a placeholder in a field name, or an unknown placeholder */
    public static SummaryTemplate parse(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("a webhook summary needs a template (a JSON document)");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(template);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the webhook summary template is not a JSON document (placeholders"
                    + " go inside JSON strings, e.g. \"text\": \"session {{sessionId}}\"): " + e.getOriginalMessage());
        }
        if (tree == null || !(tree.isObject() || tree.isArray())) {
            throw new IllegalArgumentException("the webhook summary template must be a JSON object or array");
        }
        check(tree);
        return new SummaryTemplate(tree);
    }

    /** The document with every placeholder replaced; compact, one line. */
    public String fill(Map<String, String> values) {
        return JSON.writeValueAsString(filled(tree, values));
    }

    private static void check(JsonNode node) {
        if (node.isString()) {
            names(node.asString());
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                if (PLACEHOLDER.matcher(field.getKey()).find()) {
                    throw new IllegalArgumentException(
                            "the webhook summary template has a placeholder in a field name: " + field.getKey());
                }
                check(field.getValue());
            }
        } else if (node.isArray()) {
            node.values().forEach(SummaryTemplate::check);
        }
    }

    private static void names(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            if (!NAMES.contains(m.group(1))) {
                throw new IllegalArgumentException(
                        "the webhook summary template names {{" + m.group(1) + "}}; it may use "
                                + String.join(", ", NAMES.stream().sorted().toList()));
            }
        }
    }

    private static JsonNode filled(JsonNode node, Map<String, String> values) {
        if (node.isString()) {
            Matcher m = PLACEHOLDER.matcher(node.asString());
            var out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
            }
            m.appendTail(out);
            return StringNode.valueOf(out.toString());
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (var field : node.properties()) {
                copy.set(field.getKey(), filled(field.getValue(), values));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JSON.createArrayNode();
            node.values().forEach(v -> copy.add(filled(v, values)));
            return copy;
        }
        return node;
    }
}
