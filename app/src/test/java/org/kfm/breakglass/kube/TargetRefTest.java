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

    @Test
    void parsesOperatorClustersWithTheirRolesPrimaryByDefault() {
        assertThat(TargetRef.parse("cnpg/kfm"))
                .isEqualTo(new TargetRef(TargetRef.Kind.CLOUDNATIVE_PG, "kfm", "", TargetRef.Role.PRIMARY));
        assertThat(TargetRef.parse("cnpg/kfm:ro").role()).isEqualTo(TargetRef.Role.REPLICA);
        assertThat(TargetRef.parse("zalando/acid-kfm:master").role()).isEqualTo(TargetRef.Role.PRIMARY);
        assertThat(TargetRef.parse("zalando/acid-kfm:replica").role()).isEqualTo(TargetRef.Role.REPLICA);
        assertThat(TargetRef.parse("crunchy/hippo:primary").role()).isEqualTo(TargetRef.Role.PRIMARY);
        assertThat(TargetRef.parse("crunchy/hippo:replicas"))
                .isEqualTo(new TargetRef(TargetRef.Kind.CRUNCHY, "hippo", "", TargetRef.Role.REPLICA));
        assertThat(TargetRef.parse("svc/postgis:5432").role()).isEqualTo(TargetRef.Role.ANY);
    }

    @Test
    void printsEveryKindCanonicallySoItParsesBackToItself() {
        for (var text : new String[] {
            "svc/postgis:5432",
            "pod/postgis-0:postgres",
            "cnpg/kfm:rw",
            "cnpg/kfm:ro",
            "zalando/acid-kfm:master",
            "zalando/acid-kfm:replica",
            "crunchy/hippo:primary",
            "crunchy/hippo:replicas"
        }) {
            assertThat(TargetRef.parse(text)).hasToString(text);
            assertThat(TargetRef.parse(TargetRef.parse(text).toString())).isEqualTo(TargetRef.parse(text));
        }
        assertThat(TargetRef.parse("cnpg/kfm")).hasToString("cnpg/kfm:rw");
        assertThat(TargetRef.parse("service/postgis:pg")).hasToString("svc/postgis:pg");
    }

    @Test
    void refusesOperatorTargetsWithAnotherOperatorsRoleWordsOrAPort() {
        assertThatThrownBy(() -> TargetRef.parse("cnpg/kfm:master"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cnpg/NAME takes :rw (the primary, the default) or :ro (a replica)");
        assertThatThrownBy(() -> TargetRef.parse("zalando/acid-kfm:ro"))
                .hasMessageContaining("zalando/NAME takes :master (the primary, the default) or :replica");
        assertThatThrownBy(() -> TargetRef.parse("crunchy/hippo:replica"))
                .hasMessageContaining("crunchy/NAME takes :primary (the primary, the default) or :replicas");
        assertThatThrownBy(() -> TargetRef.parse("cnpg/kfm:5432"))
                .hasMessageContaining("an operator target names no port");
        assertThatThrownBy(() -> TargetRef.parse("cnpg/kfm:")).hasMessageContaining("asks for role ''");
    }

    @Test
    void refusesOperatorClusterNamesWhoseServicesCannotExist() {
        String sixty = "a".repeat(60);
        assertThat(TargetRef.parse("cnpg/" + sixty).name()).isEqualTo(sixty); // kfm-rw fits in 63
        assertThatThrownBy(() -> TargetRef.parse("crunchy/" + sixty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("its Services are named " + sixty + "-replicas, which must be a DNS-1035 label");
        assertThatThrownBy(() -> TargetRef.parse("cnpg/../kube-system")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetRef.parse("zalando/0acid")).hasMessageContaining("cannot exist");
        assertThatThrownBy(() -> TargetRef.parse("cnpg/KFM")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetRef.parse("cnpg/kfm\u001b[2J:rw"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\u001b[2J:rw'");
    }

    @Test
    void namesEveryAcceptedKindWhenTheKindIsUnknown() {
        assertThatThrownBy(() -> TargetRef.parse("statefulset/postgis:5432"))
                .hasMessageContaining("only svc/ (service/), pod/, cnpg/, zalando/ and crunchy/ targets");
        assertThatThrownBy(() -> TargetRef.parse("postgis"))
                .hasMessageContaining(
                        "cnpg/NAME[:rw|ro], zalando/NAME[:master|replica] or crunchy/NAME[:primary|replicas]");
    }

    @Test
    void plainAndOperatorKindsCannotBeMixedUpInCode() {
        assertThatThrownBy(() -> new TargetRef(TargetRef.Kind.CLOUDNATIVE_PG, "kfm", "", TargetRef.Role.ANY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TargetRef(TargetRef.Kind.SERVICE, "postgis", "5432", TargetRef.Role.PRIMARY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
