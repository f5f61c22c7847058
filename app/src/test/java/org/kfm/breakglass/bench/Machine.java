package org.kfm.breakglass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmark ran on; the machine is shared, so the load average goes into every report. */
final class Machine {

    private Machine() {}

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static String describe() {
        Runtime rt = Runtime.getRuntime();
        return Runtime.version() + " (" + System.getProperty("java.vm.name") + "), " + rt.availableProcessors()
                + " CPUs, max heap " + rt.maxMemory() / (1 << 20) + " MiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.version");
    }
}
