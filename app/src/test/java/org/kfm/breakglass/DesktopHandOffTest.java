package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DesktopHandOffTest {

    @TempDir
    Path bin;

    @Test
    void theCliLauncherHandsTheConsoleToTheDesktopLauncherBesideIt() throws Exception {
        Path marker = bin.resolve("started");
        Files.writeString(bin.resolve("breakglass"), "");
        Path desktop = executable("breakglass-desktop", "#!/bin/sh\necho desktop > '" + marker + "'\nexit 7\n");

        var found = DesktopHandOff.desktopLauncher(bin.resolve("breakglass").toString());

        assertThat(found).contains(desktop);
        assertThat(DesktopHandOff.run(desktop)).hasValue(7);
        assertThat(Files.readString(marker)).isEqualTo("desktop\n");
    }

    @Test
    void theDesktopLauncherItselfAndADevelopmentRunOpenTheConsoleInTheirOwnJvm() throws Exception {
        executable("breakglass-desktop", "#!/bin/sh\nexit 0\n");

        assertThat(DesktopHandOff.desktopLauncher(
                        bin.resolve("breakglass-desktop").toString()))
                .isEmpty();
        assertThat(DesktopHandOff.desktopLauncher(null)).isEmpty();
        assertThat(DesktopHandOff.desktopLauncher("")).isEmpty();
    }

    @Test
    void aMissingOrNonExecutableDesktopLauncherIsNoHandOff() throws Exception {
        assertThat(DesktopHandOff.desktopLauncher(bin.resolve("breakglass").toString()))
                .isEmpty();
        Files.writeString(bin.resolve("breakglass-desktop"), "#!/bin/sh\n");
        assertThat(DesktopHandOff.desktopLauncher(bin.resolve("breakglass").toString()))
                .isEmpty();
    }

    @Test
    void aDesktopLauncherThatCannotStartLeavesTheConsoleToThisJvm() throws Exception {
        Path broken = executable("breakglass-desktop", "");
        Files.delete(broken);

        assertThat(DesktopHandOff.run(broken)).isEmpty();
    }

    private Path executable(String name, String script) throws Exception {
        Path file = bin.resolve(name);
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
