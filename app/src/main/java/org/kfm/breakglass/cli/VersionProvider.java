package org.kfm.breakglass.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code breakglass --version}: the implementation version from the jar manifest, and the runtime. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = BreakglassCommand.class.getPackage().getImplementationVersion();
        return new String[] {
            "breakglass " + (version == null ? "development build" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.vendor") + ")"
        };
    }
}
