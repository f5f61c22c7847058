package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TargetRefTest {

    @Test
    void parsesServicePodAndNamedPorts() {
        assertThat(TargetRef.parse("svc/postgis:5432"))
                .isEqualTo(new TargetRef(TargetRef.Kind.SERVICE, "postgis", "5432"));
        assertThat(TargetRef.parse("service/postgis:postgres"))
                .isEqualTo(new TargetRef(TargetRef.Kind.SERVICE, "postgis", "postgres"));
        assertThat(TargetRef.parse("pod/postgis-0:5432"))
                .isEqualTo(new TargetRef(TargetRef.Kind.POD, "postgis-0", "5432"));
        assertThat(TargetRef.parse("svc/postgis:5432").numericPort()).isTrue();
        assertThat(TargetRef.parse("svc/postgis:pg").numericPort()).isFalse();
    }

    @Test
    void rejectsMalformedTargetsWithAnExample() {
        assertThatThrownBy(() -> TargetRef.parse("postgis:5432"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("svc/postgis:5432");
        assertThatThrownBy(() -> TargetRef.parse("deploy/postgis:5432")).hasMessageContaining("only svc/");
        assertThatThrownBy(() -> TargetRef.parse("svc/postgis:70000")).hasMessageContaining("1-65535");
        assertThatThrownBy(() -> TargetRef.parse("svc/postgis")).isInstanceOf(IllegalArgumentException.class);
    }
}
