package org.kfm.breakglass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CliLauncherTest {

    // The tests run in app/, like the bench: the jar's path is app/target/breakglass.jar (it need not exist here).
    private static final Path JAR = Path.of("target/breakglass.jar");

    @Test
    void benchRunsTheCliWithTheLinuxLaunchersJvmOptionsFromThePackagingFiles() throws Exception {
        var options = CliLauncher.launcherOptions(JAR);

        assertThat(options)
                .contains(
                        "-XX:+UseSerialGC",
                        "-Xmx96m",
                        "--enable-native-access=ALL-UNNAMED",
                        "--sun-misc-unsafe-memory-access=allow");
        var linux = Files.readString(Path.of("../packaging/linux/app-image.args"), StandardCharsets.UTF_8);
        assertThat(linux).contains("--java-options -Xmx96m");
    }

    @Test
    void aCommandWithoutTheCacheIsJavaTheOptionsAndTheJarAndOneWithItNeedsATrainedCache() throws Exception {
        var launcher = CliLauncher.withoutCache(JAR);

        var command = launcher.command(CliLauncher.Cache.NONE);

        assertThat(command.getFirst()).endsWith("/bin/java");
        assertThat(command.subList(1, command.size() - 2)).isEqualTo(CliLauncher.launcherOptions(JAR));
        assertThat(command.subList(command.size() - 2, command.size())).containsExactly("-jar", JAR.toString());
        assertThat(launcher.caches()).containsExactly(CliLauncher.Cache.NONE);
        assertThatThrownBy(() -> launcher.command(CliLauncher.Cache.AOT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no AOT cache");
    }

    @Test
    void theTrainingScriptRefusesAMissingCommandWithItsUsage() throws Exception {
        var process = new ProcessBuilder("bash", "../packaging/aot-train.sh", "/tmp/never.aot", "/tmp/never.log")
                .redirectErrorStream(true)
                .start();
        var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(output).contains("usage: aot-train.sh CACHE LOG -- COMMAND...");
        assertThat(Path.of("/tmp/never.aot")).doesNotExist();
    }
}
