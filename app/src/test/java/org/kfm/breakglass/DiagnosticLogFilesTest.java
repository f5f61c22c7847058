package org.kfm.breakglass;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.RollingFileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.session.XdgDirs;

/**
 * The operator's diagnostic log, configured by the product's own {@link DiagnosticLogConfigurator}: its directory is 0700 and
 * every file in it — the active log and the rolled ones — 0600, whatever the process umask would give.
 */
class DiagnosticLogFilesTest {
    @TempDir
    Path home;

    @Test
    void theXdgLogDirectoryIsCreatedPrivateAndTightenedButANamedSharedOneIsLeftAlone() throws Exception {
        var xdg = XdgDirs.from(Map.of("HOME", home.toString()));

        Path created = DiagnosticLogDirectory.prepare(null, xdg);

        assertThat(created).isEqualTo(home.resolve(".local/state/breakglass/logs"));
        assertThat(mode(created)).isEqualTo("rwx------");
        assertThat(mode(created.getParent()))
                .as("a state dir created on the way")
                .isEqualTo("rwx------");

        Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(DiagnosticLogDirectory.prepare(null, xdg)).isEqualTo(created);
        assertThat(mode(created)).as("our own XDG logs dir, tightened").isEqualTo("rwx------");

        // A directory named with -Dbreakglass.logDir may be shared (think /tmp): it is never chmod-ed.
        Path shared = Files.createDirectories(home.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(DiagnosticLogDirectory.prepare(shared, xdg)).isEqualTo(shared);
        assertThat(mode(shared)).isEqualTo("rwxrwxrwx");
        Path fresh = home.resolve("fresh/logs");
        assertThat(DiagnosticLogDirectory.prepare(fresh, xdg)).isEqualTo(fresh);
        assertThat(mode(fresh)).as("created by us, so private").isEqualTo("rwx------");
    }

    @Test
    void aLogFileThatIsASymbolicLinkIsRefusedAndItsTargetLeftAlone() throws Exception {
        Path victim = Files.writeString(home.resolve("victim"), "someone else's");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
        Path link = Files.createSymbolicLink(home.resolve("breakglass.log"), victim);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DiagnosticLogDirectory.privateFile(link))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(mode(victim)).isEqualTo("rw-r--r--");
    }

    @Test
    void theProductsLogbackConfigurationWritesOnly0600FilesAlsoAfterARollover() throws Exception {
        Path dir = DiagnosticLogDirectory.prepare(home.resolve("logs"), XdgDirs.from(Map.of("HOME", home.toString())));
        var context = productContext(dir);
        try {
            var log = context.getLogger("org.kfm.breakglass.DiagnosticLogFilesTest");
            log.info("first line of the diagnostic log");
            var appender = (RollingFileAppender<ILoggingEvent>)
                    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("FILE");
            assertThat(appender).isInstanceOf(PrivateRollingFileAppender.class);
            // Two days on, by the rolling policy's own test clock: the next line rolls the file over.
            var policy = (ch.qos.logback.core.rolling.TimeBasedRollingPolicy<?>) appender.getRollingPolicy();
            policy.getTimeBasedFileNamingAndTriggeringPolicy()
                    .setCurrentTime(System.currentTimeMillis()
                            + java.time.Duration.ofDays(2).toMillis());
            log.info("first line after the rollover");
        } finally {
            context.stop();
        }

        try (Stream<Path> files = Files.list(dir)) {
            var written = files.toList();
            assertThat(written)
                    .as("the active log and the rolled one")
                    .hasSize(2)
                    .allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
            assertThat(written).extracting(f -> f.getFileName().toString()).contains("breakglass.log");
            assertThat(Files.readString(dir.resolve("breakglass.log")))
                    .contains("first line after the rollover")
                    .doesNotContain("first line of the diagnostic log");
        }
        assertThat(mode(dir)).isEqualTo("rwx------");
    }

    @Test
    void logbackFindsTheProductsConfiguratorAndItLeavesATestConfigurationToLogbacksXmlLookup() {
        var found = java.util.ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream()
                .map(java.util.ServiceLoader.Provider::type)
                .toList();
        assertThat(found).contains(DiagnosticLogConfigurator.class);

        var context = new LoggerContext();
        var configurator = new DiagnosticLogConfigurator();
        configurator.setContext(context);
        assertThat(configurator.configure(context))
                .as("logback-test.xml is on the test class path")
                .isEqualTo(ch.qos.logback.classic.spi.Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
                .as("nothing configured when handing over")
                .isExhausted();
    }

    @Test
    void theProductsLevelsKeepFabric8sExecPluginOutputOutAndTheRestAtInfoOrAbove() throws Exception {
        Path dir = DiagnosticLogDirectory.prepare(home.resolve("logs"), XdgDirs.from(Map.of("HOME", home.toString())));
        var context = productContext(dir);
        try {
            var plugin = context.getLogger("io.fabric8.kubernetes.client.internal.KubeConfigUtils");
            plugin.warn("exec plugin output: token=s3cr3t-from-the-plugin");
            assertThat(plugin.isErrorEnabled()).isFalse();
            assertThat(context.getLogger("io.netty.buffer").isInfoEnabled()).isFalse();
            assertThat(context.getLogger("io.vertx.core").isInfoEnabled()).isFalse();
            assertThat(context.getLogger("org.postgresql.Driver").isDebugEnabled())
                    .isFalse();
            assertThat(context.getLogger("org.kfm.breakglass.session").isInfoEnabled())
                    .isTrue();
            assertThat(context.getLogger("org.kfm.breakglass.session").isDebugEnabled())
                    .isFalse();
            context.getLogger("org.kfm.breakglass.session").info("an ordinary line");
        } finally {
            context.stop();
        }
        assertThat(Files.readString(dir.resolve("breakglass.log")))
                .contains("INFO  [")
                .contains("] org.kfm.breakglass.session - an ordinary line")
                .doesNotContain("s3cr3t");
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A Logback context configured as the product configures its diagnostic log, writing into {@code dir}. */
    private static LoggerContext productContext(Path dir) {
        var context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
        context.putProperty("breakglass.logDir", dir.toString());
        DiagnosticLogConfigurator.configureFileLog(context);
        return context;
    }
}
