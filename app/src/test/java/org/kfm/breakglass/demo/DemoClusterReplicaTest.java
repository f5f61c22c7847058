package org.kfm.breakglass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.CliRun;
import org.kfm.breakglass.testkit.DevCluster;
import org.kfm.breakglass.testkit.Shape;

/**
 * The demo cluster as {@code breakglass demo-cluster} starts it by default ({@code --shape all}, the demo
 * policy): a trainer can try a replica target, and it lands on a real streaming standby.
 */
class DemoClusterReplicaTest {

    @Test
    void theDefaultDemoClusterRunsAStandbySoAReplicaTargetReadsFromIt(@TempDir Path dir) {
        long started = System.nanoTime();
        try (DevCluster dev = DevCluster.start(Shape.ALL)) {
            long startMs = (System.nanoTime() - started) / 1_000_000;
            Path kubeconfig = dir.resolve("kubeconfig");
            dev.writeKubeconfig(kubeconfig);
            Path policy = DemoPolicy.write(dir.resolve("policy.yaml"));
            var standby = dev.postgis().standby();
            assertThat(standby)
                    .as("--shape all starts LocalPostgis's hot standby")
                    .isPresent();

            var result = CliRun.run(
                    "query",
                    "--kubeconfig",
                    kubeconfig.toString(),
                    "--target",
                    "cnpg/kfm-cnpg:ro",
                    "--reason",
                    "Training: reading from a replica",
                    "--ticket",
                    "TRAIN-1",
                    "--audit-dir",
                    dir.resolve("audit").toString(),
                    "--policy",
                    policy.toString(),
                    "--format",
                    "csv",
                    "--sql",
                    "SELECT inet_server_port(), pg_is_in_recovery()");

            assertThat(result.exitCode()).as(result.transcript()).isZero();
            assertThat(result.out().lines().toList())
                    .as(result.transcript())
                    .containsExactly(
                            "inet_server_port,pg_is_in_recovery", standby.get().port() + ",t");
            assertThat(result.err()).as(result.transcript()).contains("pod kfm-cnpg-2 (replica)");
            System.out.println("demo cluster --shape all up in " + startMs + " ms (with the standby)");
        }
    }
}
