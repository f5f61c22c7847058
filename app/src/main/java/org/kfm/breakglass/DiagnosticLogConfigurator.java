package org.kfm.breakglass;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The operator's diagnostic log, set up in code through Logback's own {@code Configurator} service (found by
 * {@code ServiceLoader} before any XML): a rolling file in the log directory {@link Main} prepared (a {@code 0700}
 * directory), never the console (stdout/stderr belong to the CLI's output), never secrets (nothing logs
 * credentials). Every file is created {@code 0600} ({@link PrivateRollingFileAppender}); rolled files are renamed,
 * not compressed, so they keep that mode.
 *
 * <p>Why code and not {@code logback.xml}: Joran (Logback's XML configuration) parses the file with SAX, builds a
 * model and walks it with reflection on every start, about a quarter of a second of CPU before {@code breakglass
 * --version} prints anything (docs/BENCHMARKS.md, "CLI start-up floor"). The settings here are the ones that XML
 * held.
 *
 * <p>An explicit {@code -Dlogback.configurationFile} (a developer's or support's choice) and a {@code
 * logback-test.xml} on the class path (the tests') still win: this configurator then hands over to Logback's own
 * XML lookup.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class DiagnosticLogConfigurator extends ContextAwareBase
        implements ch.qos.logback.classic.spi.Configurator {
    static final String LOG_DIR = "breakglass.logDir";
    static final String LOG_LEVEL = "breakglass.logLevel";
    private static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || DiagnosticLogConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configureFileLog(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** The product's configuration itself, whatever else is on the class path (the tests call it directly). */
    static void configureFileLog(LoggerContext context) {
        Path dir = logDir(context);
        var appender = new PrivateRollingFileAppender<ILoggingEvent>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(dir.resolve("breakglass.log").toString());

        var policy = new SizeAndTimeBasedRollingPolicy<ILoggingEvent>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(
                dir.resolve("breakglass.%d{yyyy-MM-dd}.%i.log").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("200MB"));
        policy.start();
        appender.setRollingPolicy(policy);

        var encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();

        context.getLogger("io.fabric8").setLevel(Level.INFO);
        // fabric8 logs a failing exec credential plugin's output (which may hold a token) at WARN: never let it in.
        // ClusterAccess reports the plugin's failure itself, naming the command only (docs/decisions/0013).
        context.getLogger("io.fabric8.kubernetes.client.internal.KubeConfigUtils")
                .setLevel(Level.OFF);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("org.postgresql").setLevel(Level.INFO);
        var root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LOG_LEVEL), Level.INFO));
        root.addAppender(appender);
    }

    /** The directory {@link Main} prepared ({@code breakglass.logDir}), as a context or system property. */
    private static Path logDir(LoggerContext context) {
        String dir = context.getProperty(LOG_DIR);
        if (dir == null) {
            dir = System.getProperty(LOG_DIR);
        }
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("java.io.tmpdir"), "breakglass-logs");
    }
}
