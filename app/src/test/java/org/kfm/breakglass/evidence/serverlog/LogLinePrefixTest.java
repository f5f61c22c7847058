package org.kfm.breakglass.evidence.serverlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The prefix template alone. Lines here are written in the server's format to pin single rules down; what the
 * server really writes is read in {@link ServerLogFromRealServerTest}.
 */
class LogLinePrefixTest {

    private static final LogLinePrefix CONSOLE = LogLinePrefix.parse("%m [%p] %q%u@%d %a %c %l %x ");

    @Test
    void readsEveryFieldOfASessionLine() {
        var m = CONSOLE.match("2026-12-01 21:12:39.642 UTC [16624] kfm_reader@kfm breakglass/1a2b3c4d 6b0f3847.40f0 1 0"
                        + " LOG:  AUDIT: SESSION,1,1,MISC,SET,,,SET x = 1,<none>")
                .orElseThrow();
        assertThat(m.fields())
                .containsEntry(PrefixField.TIME_MS, "2026-12-01 21:12:39.642 UTC")
                .containsEntry(PrefixField.PID, "16624")
                .containsEntry(PrefixField.USER, "kfm_reader")
                .containsEntry(PrefixField.DATABASE, "kfm")
                .containsEntry(PrefixField.APPLICATION, "breakglass/1a2b3c4d")
                .containsEntry(PrefixField.SESSION, "6b0f3847.40f0")
                .containsEntry(PrefixField.LINE, "1")
                .containsEntry(PrefixField.XID, "0");
        assertThat(m.severity()).isEqualTo("LOG");
        assertThat(m.ambiguous()).isFalse();
    }

    @Test
    void aNonSessionProcessStopsAtPercentQ() {
        var m = CONSOLE.match(
                        "2026-12-01 21:11:09.274 UTC [12951] LOG:  database system is ready to accept connections")
                .orElseThrow();
        assertThat(m.fields()).containsOnlyKeys(PrefixField.TIME_MS, PrefixField.PID);
        assertThat(m.ambiguous()).isFalse();
    }

    @Test
    void anApplicationNameWithSpacesReadsWhole() {
        var m = CONSOLE.match(
                        "2026-12-01 21:12:39.642 UTC [16624] u@kfm QGIS 3.34 (a@b) 6b0f3847.40f0 7 0 ERROR:  boom")
                .orElseThrow();
        assertThat(m.field(PrefixField.APPLICATION)).contains("QGIS 3.34 (a@b)");
        assertThat(m.ambiguous()).isFalse();
    }

    @Test
    void anApplicationNameHoldingPrefixSyntaxMakesTheLineAmbiguous() {
        var readings = CONSOLE.readings("2026-12-01 21:12:39.642 UTC [16624] u@kfm x 1.1 1 0 LOG:  y 6b0f3847.40f0 7 0"
                + " LOG:  AUDIT: SESSION,1,1,READ,SELECT,,,SELECT secret FROM t,<none>");
        assertThat(readings).hasSize(2).allMatch(PrefixMatch::ambiguous);
        assertThat(readings)
                .extracting(r -> r.field(PrefixField.APPLICATION).orElseThrow())
                .containsExactly("x", "x 1.1 1 0 LOG:  y");
    }

    @Test
    void paddedFieldsAndPercentSignsAreRead() {
        var prefix = LogLinePrefix.parse("%t %%%-8p|%10u| ");
        var m = prefix.match("2026-12-01 21:12:39 UTC %42      |    reader| STATEMENT:  SELECT 1")
                .orElseThrow();
        assertThat(m.field(PrefixField.PID)).contains("42");
        assertThat(m.field(PrefixField.USER)).contains("reader");
        assertThat(m.severity()).isEqualTo("STATEMENT");
    }

    @Test
    void aLineWithoutTheSeverityAfterThePrefixIsNotAnEntry() {
        assertThat(CONSOLE.match("\tcontinued text")).isEmpty();
        assertThat(CONSOLE.match("2026-12-01 21:12:39.642 UTC [16624] u@kfm app 6b.4 1 0 something else"))
                .isEmpty();
        assertThat(CONSOLE.match("")).isEmpty();
    }

    @Test
    void refusesAnEscapeItDoesNotKnowAndSaysWhichItDoes() {
        assertThatThrownBy(() -> LogLinePrefix.parse("%m %L "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%L")
                .hasMessageContaining("%m")
                .hasMessageContaining("%q");
        assertThatThrownBy(() -> LogLinePrefix.parse("%m %"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends inside an escape");
    }

    @Test
    void knowsWhichFieldsItCarries() {
        assertThat(CONSOLE.fields())
                .containsExactlyInAnyOrder(
                        PrefixField.TIME_MS,
                        PrefixField.PID,
                        PrefixField.USER,
                        PrefixField.DATABASE,
                        PrefixField.APPLICATION,
                        PrefixField.SESSION,
                        PrefixField.LINE,
                        PrefixField.XID);
    }
}
