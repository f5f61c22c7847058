package org.kfm.breakglass;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the JVM used the AOT cache the installed launcher asked for (ADR 0026). The launcher turns the JVM's own
 * aot/cds messages off, because they go to stdout and would land in a CSV the operator redirects; a cache the JVM
 * rejected (a jar changed, another JVM build) therefore shows up here, in the diagnostic log, instead.
 */
final class AotCacheUse {
    private static final Logger LOG = LoggerFactory.getLogger(AotCacheUse.class);

    /** Set by the launcher's cfg next to {@code -XX:AOTCache}; absent when no cache was built or in development. */
    static final String PROPERTY = "breakglass.aotCache";

    private AotCacheUse() {}

    static void report() {
        String cache = System.getProperty(PROPERTY);
        if (cache == null) {
            return;
        }
        // A mapped AOT cache (like any CDS archive) makes the VM report "sharing"; a rejected one maps nothing.
        if (mapped(System.getProperty("java.vm.info", ""))) {
            LOG.debug("AOT cache {} in use", cache);
        } else {
            LOG.warn(
                    "AOT cache {} was not used (missing, or made for other jars or another JVM build): start-up is"
                            + " slower, nothing else changes; reinstall the package to restore it",
                    cache);
        }
    }

    static boolean mapped(String vmInfo) {
        return vmInfo.contains("sharing");
    }
}
