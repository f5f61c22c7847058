package org.kfm.breakglass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;

/**
 * Issue 14: the reader's password is never a String and does not linger. The demo cluster (PostGIS and the fake
 * API server, which hold the password by design) runs in a child JVM, so this JVM holds only what the console
 * holds. A session reads the Secret, logs in and runs a statement; with the session still open, a dump of the
 * live heap must contain no copy of the password: not as String contents (Latin-1 or UTF-16), not as UTF-8
 * bytes, not as a {@code char[]}, not base64-encoded as the Secret carries it — except, right after the login,
 * the one {@code char[]} the JDK's {@code PBKDF2KeyImpl} keeps until its Cleaner zeroes it (SCRAM derives the
 * salted password with PBKDF2; the key object is garbage at once, but its copy is cleared only after a
 * collection). The password is learnt only after the dumps, and planted canaries prove the search finds what is
 * there.
 */
class ReaderPasswordHeapDumpTest {
    /** Found in the dump once as String contents and once as a char[]: the search works. */
    private static String canaryText;

    private static char[] canaryChars;

    @TempDir
    Path temp;

    @Test
    void afterLoginTheLiveHeapHoldsNoCopyOfTheReaderPasswordButTheJdksPbkdf2KeyAwaitingItsCleaner() throws Exception {
        Path kubeconfig = temp.resolve("kubeconfig");
        Process cluster = startDemoCluster(kubeconfig);
        try {
            canaryText = new String(
                    ("canary-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            canaryChars = ("chars-" + UUID.randomUUID()).toCharArray();
            Path rightAfterLogin = temp.resolve("right-after-login.hprof");
            Path afterCollection = temp.resolve("after-collection.hprof");
            var gateway = SessionGateway.create(
                    Optional.of(Stage.policy(temp.resolve("policy"), Stage.WITNESSED)),
                    Optional.of(temp.resolve("audit")),
                    Map.of("HOME", temp.toString()),
                    Clock.systemUTC());
            try (var session = gateway.start(
                    new TargetChoice(kubeconfig, null, null, null, "kfm"),
                    new Justification(Stage.REASON, Stage.TICKET, Duration.ofMinutes(10), AccessMode.READ_ONLY))) {
                session.preflight(r -> {});
                session.open();
                assertThat(QueryEndToEndTest.firstValue(session, "SELECT 1")).isOne();
                assertThat(session.snapshot().dbUser()).isEqualTo("kfm_reader");
                dumpLiveHeap(rightAfterLogin);
                // The same session, once the collector has run and the JDK's common cleaner with it.
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(500);
                }
                dumpLiveHeap(afterCollection);
                assertThat(QueryEndToEndTest.firstValue(session, "SELECT 2"))
                        .as("the session still works")
                        .isEqualTo(2);
            }

            byte[] password = readerPassword(kubeconfig);
            var first = copies(rightAfterLogin, password);
            var settled = copies(afterCollection, password);

            assertThat(first)
                    .as("right after login: no String, UTF-8 or base64 copy (the Secret went through a raw GET and "
                            + "Jackson's streaming parser, the login through pgjdbc's AuthenticationPlugin)")
                    .containsEntry("Latin-1 String / UTF-8 bytes", 0)
                    .containsEntry("UTF-16LE String", 0)
                    .containsEntry("base64 (as in the Secret)", 0);
            assertThat(first.get("char[]"))
                    .as("right after login at most one char[]: the JDK's PBKDF2KeyImpl copy from SCRAM's salted "
                            + "password, zeroed by its Cleaner once the key is collected (none if a GC already ran)")
                    .isBetween(0, 1);
            assertThat(settled)
                    .as("after a collection: no copy at all")
                    .containsOnly(
                            Map.entry("Latin-1 String / UTF-8 bytes", 0),
                            Map.entry("UTF-16LE String", 0),
                            Map.entry("char[]", 0),
                            Map.entry("base64 (as in the Secret)", 0));
        } finally {
            cluster.destroy();
            if (!cluster.waitFor(60, TimeUnit.SECONDS)) {
                cluster.destroyForcibly();
            }
        }
    }

    private static void dumpLiveHeap(Path file) throws IOException {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).dumpHeap(file.toString(), true);
    }

    /** How often each form of the password occurs in a dump (deleted afterwards); checks the canaries first. */
    private static Map<String, Integer> copies(Path dump, byte[] password) throws IOException {
        var found = new LinkedHashMap<String, Integer>();
        try (var channel = FileChannel.open(dump, StandardOpenOption.READ)) {
            var heap = new HeapBytes(channel);
            assertThat(heap.count(canaryText.getBytes(StandardCharsets.ISO_8859_1)))
                    .as("the planted String canary")
                    .isOne();
            assertThat(heap.count(new String(canaryChars).getBytes(StandardCharsets.UTF_16BE)))
                    .as("the planted char[] canary (HPROF writes chars big-endian)")
                    .isOne();
            String text = new String(password, StandardCharsets.UTF_8);
            found.put("Latin-1 String / UTF-8 bytes", heap.count(password));
            found.put("UTF-16LE String", heap.count(text.getBytes(StandardCharsets.UTF_16LE)));
            found.put("char[]", heap.count(text.getBytes(StandardCharsets.UTF_16BE)));
            found.put(
                    "base64 (as in the Secret)", heap.count(Base64.getEncoder().encode(password)));
        } finally {
            Files.deleteIfExists(dump);
        }
        return found;
    }

    /** {@code DevCluster} in its own JVM; returns once it prints READY. */
    private static Process startDemoCluster(Path kubeconfig) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.kfm.breakglass.testkit.DevCluster",
                        "--kubeconfig-out",
                        kubeconfig.toString())
                .redirectErrorStream(true)
                .start();
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        var seen = new ArrayList<String>();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        String line;
        while (System.nanoTime() < deadline && (line = reader.readLine()) != null) {
            seen.add(line);
            if (line.startsWith("READY ")) {
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> {}));
                return process;
            }
        }
        process.destroyForcibly();
        throw new AssertionError("the demo cluster did not become ready:\n" + String.join("\n", seen));
    }

    /** Read after the dump: the Secret's password, through an admin view of the fake cluster. */
    private static byte[] readerPassword(Path kubeconfig) throws IOException {
        var config = Config.fromKubeconfig(null, kubeconfig.toFile());
        try (var client = new KubernetesClientBuilder().withConfig(config).build()) {
            var secret = client.secrets()
                    .inNamespace("kfm-stage")
                    .withName("postgis-auth")
                    .get();
            byte[] password = Base64.getDecoder().decode(secret.getData().get("POSTGRES_PASSWORD"));
            assertThat(password.length).as("a real password to look for").isGreaterThan(16);
            return password;
        }
    }

    /** The dump file, searched for byte patterns. */
    private record HeapBytes(FileChannel channel) {
        int count(byte[] needle) throws IOException {
            int hits = 0;
            long size = channel.size();
            long chunk = 256L * 1024 * 1024;
            // Chunks overlap by needle.length - 1 bytes: a match is counted in exactly one chunk.
            for (long start = 0; start < size; start += chunk - (needle.length - 1)) {
                long length = Math.min(chunk, size - start);
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, start, length);
                hits += countIn(map, needle);
                if (start + length >= size) {
                    break;
                }
            }
            return hits;
        }

        private static int countIn(MappedByteBuffer map, byte[] needle) {
            int hits = 0;
            int limit = map.limit() - needle.length;
            byte lead = needle[0];
            for (int i = 0; i <= limit; i++) {
                if (map.get(i) != lead) {
                    continue;
                }
                int j = 1;
                while (j < needle.length && map.get(i + j) == needle[j]) {
                    j++;
                }
                if (j == needle.length) {
                    hits++;
                }
            }
            return hits;
        }
    }
}
