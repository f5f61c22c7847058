package org.kfm.breakglass.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TerminalTextTest {

    @Test
    void escapesControlBidiAndTagCharactersAndLeavesTextLinesAndTabs() {
        String hostile = "a\u001b[2Jb\u0007c\u202ed\u2066e\u0000f\u009bg\rh" + new String(Character.toChars(0xE0041))
                + "i\tj\nk ünïcödé";

        String shown = TerminalText.escape(hostile);

        assertThat(shown)
                .isEqualTo("a\\u001b[2Jb\\u0007c\\u202ed\\u2066e\\u0000f\\u009bg\\rh\\U000e0041i\tj\nk ünïcödé");
        assertThat(shown.codePoints().filter(HiddenCharacters::isHidden)).isEmpty();
        assertThat(TerminalText.escape(shown))
                .as("escaping twice changes nothing")
                .isEqualTo(shown);
    }

    @Test
    void theWriterEscapesALoneCarriageReturnButKeepsLineEndsAndJoinsSplitSurrogates() {
        var out = new StringWriter();
        try (var writer = new PrintWriter(new TerminalWriter(out))) {
            writer.print("progress 10%\rdone\r\n");
            char[] tag = Character.toChars(0xE0041);
            writer.print(tag[0]);
            writer.flush();
            writer.print(tag[1]);
            writer.print("\u001b]0;title\u0007 trailing\r");
        }

        assertThat(out.toString()).isEqualTo("progress 10%\\rdone\r\n\\U000e0041\\u001b]0;title\\u0007 trailing\\r");
    }

    @Test
    void visibleLengthCountsWhatAReaderSees() {
        assertThat(HiddenCharacters.visibleLength("  a   b  ")).isEqualTo(3);
        assertThat(HiddenCharacters.visibleLength("e\u0301")).isEqualTo(1);
        assertThat(HiddenCharacters.visibleLength("\u001b[0m")).isEqualTo(3);
        assertThat(HiddenCharacters.visibleLength("\u200b\u200b\u200b")).isZero();
        assertThat(HiddenCharacters.first("ok")).isEmpty();
        assertThat(HiddenCharacters.first("o\u200bk\u200b").orElseThrow())
                .isEqualTo(new HiddenCharacters.Found(0x200B, 2, 2));
    }
}
