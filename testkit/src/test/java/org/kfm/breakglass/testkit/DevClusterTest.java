package org.kfm.breakglass.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevClusterTest {

    @Test
    void mainPrintsReadyWritesBothFilesAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Path pgEnv = dir.resolve("pg.env");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DevCluster.class.getName(),
                        "--kubeconfig-out",
                        kubeconfig.toString(),
                        "--pg-env-out",
                        pgEnv.toString(),
                        "--shape",
                        "all")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("READY " + kubeconfig.toAbsolutePath());

            assertThat(Files.getPosixFilePermissions(pgEnv)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(kubeconfig))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            Map<String, String> env = parseEnv(Files.readAllLines(pgEnv));
            assertThat(env)
                    .containsKeys("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD")
                    .containsEntry("PGHOST", "127.0.0.1")
                    .containsEntry("PGUSER", "kfm_owner");
            try (Connection c = DriverManager.getConnection(
                            "jdbc:postgresql://" + env.get("PGHOST") + ":" + env.get("PGPORT") + "/"
                                    + env.get("PGDATABASE"),
                            env.get("PGUSER"),
                            env.get("PGPASSWORD"));
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM parcels")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isPositive();
            }
            assertThat(Files.readString(kubeconfig))
                    .contains("certificate-authority-data")
                    .contains("current-context: \"kfm-demo\"")
                    .doesNotContain("insecure-skip-tls-verify: true");
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build()) {
                assertThat(client.pods().withName("postgis-0").get().getStatus().getPhase())
                        .isEqualTo("Running");
                assertThat(client.pods().list().getItems())
                        .extracting(pod -> pod.getMetadata().getName())
                        .contains("kfm-cnpg-1", "kfm-zalando-1", "kfm-crunchy-instance1-x7kq-0");
            }
        } finally {
            p.destroy(); // SIGTERM: the shutdown hook stops PostgreSQL and the API server
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anUnknownShapeIsBadUsageNamingTheShapes() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        DevCluster.class.getName(),
                        "--shape",
                        "k3s")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        assertThat(out).contains("unknown shape 'k3s': use seed, cnpg, zalando, crunchy or all");
    }

    private static Map<String, String> parseEnv(List<String> lines) {
        Map<String, String> env = new HashMap<>();
        for (String line : lines) {
            String kv = line.replaceFirst("^export ", "");
            int eq = kv.indexOf('=');
            env.put(kv.substring(0, eq), kv.substring(eq + 1).replaceAll("^'|'$", ""));
        }
        return env;
    }
}
