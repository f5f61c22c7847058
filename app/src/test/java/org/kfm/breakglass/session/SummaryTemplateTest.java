package org.kfm.breakglass.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SummaryTemplateTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aValueBuiltToBreakOutOfItsStringStaysTheStringsText() {
        var template = SummaryTemplate.parse(
                "{\"text\": \"{{ticket}} ended: {{verdict}}\", \"meta\": [{\"session\": \"{{sessionId}}\"}]}");
        String hostile = "INC-1\", \"admin\": true, \"x\": \"\\\n}{{{sessionId}}\u2028";

        String body = template.fill(Map.of("ticket", hostile, "verdict", "fail", "sessionId", "7c1d"));

        var tree = JSON.readTree(body);
        assertThat(tree.properties()).extracting(Map.Entry::getKey).containsExactly("text", "meta");
        assertThat(tree.path("text").asString()).isEqualTo(hostile + " ended: fail");
        assertThat(tree.path("meta").get(0).path("session").asString()).isEqualTo("7c1d");
        assertThat(body).doesNotContain("\n");
    }

    @Test
    void aPlaceholderOutsideAJsonStringIsRefusedWhenThePolicyLoads() {
        assertThatThrownBy(() -> SummaryTemplate.parse("{\"statements\": {{statements}}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a JSON document")
                .hasMessageContaining("placeholders go inside JSON strings");
    }

    @Test
    void anUnknownPlaceholderOrOneInAFieldNameIsRefused() {
        assertThatThrownBy(() -> SummaryTemplate.parse("{\"text\": \"{{password}}\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("{{password}}")
                .hasMessageContaining("evidenceHint, operator");
        assertThatThrownBy(() -> SummaryTemplate.parse("{\"{{ticket}}\": \"x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field name");
        assertThatThrownBy(() -> SummaryTemplate.parse("\"{{ticket}}\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object or array");
    }

    @Test
    void aSummaryOnASinkOtherThanAWebhookIsRefused() {
        assertThatThrownBy(() -> new Policy.SinkSpec(
                        "syslog",
                        "127.0.0.1",
                        514,
                        false,
                        null,
                        true,
                        null,
                        null,
                        new Policy.SummarySpec("{\"t\": \"{{sessionId}}\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only to a webhook sink");
    }
}
