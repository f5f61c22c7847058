package org.kfm.breakglass;

import ch.qos.logback.core.rolling.RollingFileAppender;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Logback's rolling file appender, except that every file it opens — the first one and each new one after a
 * rollover — is created {@code 0600} before Logback writes to it (Logback itself would take the umask, usually
 * {@code 0644}). Rolled files keep that mode: the policy ({@link DiagnosticLogConfigurator}) renames them and does not
 * compress (a compressed copy would be a new file with the umask's mode).
 *
 * @param <E> the event type
 */
public final class PrivateRollingFileAppender<E> extends RollingFileAppender<E> {
    @Override
    public void openFile(String fileName) throws IOException {
        DiagnosticLogDirectory.privateFile(Path.of(fileName));
        super.openFile(fileName);
    }
}
