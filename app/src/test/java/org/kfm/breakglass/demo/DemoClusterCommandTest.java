package org.kfm.breakglass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfm.breakglass.CliRun;

/** {@code breakglass demo-cluster --shape}: an unknown shape is bad usage naming the shapes, before anything starts. */
class DemoClusterCommandTest {

    @Test
    void anUnknownShapeIsExit2NamingTheShapes() {
        var result = CliRun.run("demo-cluster", "--shape", "stolon");

        assertThat(result.exitCode()).as(result.transcript()).isEqualTo(2);
        assertThat(result.err())
                .as(result.transcript())
                .contains("unknown shape 'stolon'", "seed, cnpg, zalando, crunchy or all");
        assertThat(result.out()).as(result.transcript()).doesNotContain("READY");
    }

    @Test
    void theHelpNamesEveryShapeAndTheDefault() {
        var result = CliRun.run("demo-cluster", "--help");

        assertThat(result.exitCode()).as(result.transcript()).isZero();
        assertThat(result.out()).contains("--shape", "seed", "cnpg", "zalando", "crunchy", "default: all");
    }
}
