package org.kfm.breakglass.ui.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.kube.posture.StageFixture;

class WindowIconsTest {

    /** The sizes are named once, in icons/generate.sh; the window takes what its list says the build made. */
    @Test
    void theWindowGetsEveryIconTheGeneratorListsAndOnlyThose() throws IOException {
        String script = Files.readString(StageFixture.repoRoot().resolve("icons/generate.sh"));
        var declared = Pattern.compile("(?m)^window_sizes=\\(([^)]*)\\)").matcher(script);
        assertThat(declared.find())
                .as("icons/generate.sh declares window_sizes=(…)")
                .isTrue();
        var expected = Arrays.stream(declared.group(1).trim().split("\\s+"))
                .map(size -> "breakglass-" + size + ".png")
                .toList();

        var icons = WindowIcons.onClassPath();

        assertThat(icons)
                .as("the build runs icons/generate.sh app (librsvg2-bin's rsvg-convert)")
                .extracting(url -> url.getPath().substring(url.getPath().lastIndexOf('/') + 1))
                .containsExactlyElementsOf(expected);
        for (var icon : icons) {
            try (var in = icon.openStream()) {
                assertThat(in.readNBytes(8))
                        .as(icon + " is a PNG")
                        .containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
            }
        }
    }
}
