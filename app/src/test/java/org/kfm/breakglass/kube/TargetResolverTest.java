package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfm.breakglass.kube.MockObjects.NS;
import static org.kfm.breakglass.kube.MockObjects.pod;
import static org.kfm.breakglass.kube.MockObjects.service;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class TargetResolverTest {

    KubernetesClient client;
    TargetResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = new TargetResolver(new ClusterAccess(client, "mock", NS, true));
    }

    @Test
    void resolvesNamedTargetPortToTheContainerPortOfTheFirstReadyPodByName() {
        client.resource(service("postgis", new IntOrString("postgres"))).create();
        client.resource(pod("postgis-2", "postgis", true, "Running")).create();
        var expected =
                client.resource(pod("postgis-1", "postgis", true, "Running")).create();
        client.resource(pod("postgis-0", "postgis", false, "Running")).create();

        var resolved = resolver.resolve(NS, TargetRef.parse("svc/postgis:5432"));

        assertThat(resolved)
                .isEqualTo(new ResolvedPod("postgis-1", expected.getMetadata().getUid(), 5433, "postgres"));
    }

    @Test
    void resolvesNumericTargetPortAndServicePortName() {
        client.resource(service("postgis", new IntOrString(9187))).create();
        client.resource(pod("postgis-0", "postgis", true, "Running")).create();

        var resolved = resolver.resolve(NS, TargetRef.parse("service/postgis:pg"));

        assertThat(resolved.containerPort()).isEqualTo(9187);
        assertThat(resolved.containerPortName()).isEqualTo("metrics");
    }

    @Test
    void serviceWithOnlyUnreadyPodsIsUnavailable() {
        client.resource(service("postgis", new IntOrString("postgres"))).create();
        client.resource(pod("postgis-0", "postgis", false, "Running")).create();
        client.resource(pod("postgis-1", "postgis", true, "Pending")).create();

        assertThatThrownBy(() -> resolver.resolve(NS, TargetRef.parse("svc/postgis:5432")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("no Ready pod")
                .hasMessageContaining("postgis-0");
    }

    @Test
    void terminatingPodIsNotChosen() {
        client.resource(service("postgis", new IntOrString("postgres"))).create();
        var terminating = pod("postgis-0", "postgis", true, "Running");
        terminating.getMetadata().getFinalizers().add("kfm.org/test-hold");
        client.resource(terminating).create();
        // With a finalizer, delete only marks the pod as terminating (deletionTimestamp), like a real API server.
        client.pods().inNamespace(NS).withName("postgis-0").delete();
        assertThat(client.pods()
                        .inNamespace(NS)
                        .withName("postgis-0")
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .isNotNull();
        client.resource(pod("postgis-1", "postgis", true, "Running")).create();

        assertThat(resolver.resolve(NS, TargetRef.parse("svc/postgis:5432")).name())
                .isEqualTo("postgis-1");
    }

    @Test
    void missingServiceIsUnavailableWithItsName() {
        assertThatThrownBy(() -> resolver.resolve(NS, TargetRef.parse("svc/nothing:5432")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("Service kfm-stage/nothing does not exist");
    }

    @Test
    void unknownServicePortListsTheOfferedOnes() {
        client.resource(service("postgis", new IntOrString("postgres"))).create();
        client.resource(pod("postgis-0", "postgis", true, "Running")).create();

        assertThatThrownBy(() -> resolver.resolve(NS, TargetRef.parse("svc/postgis:6543")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("no port '6543'")
                .hasMessageContaining("5432 (pg)");
    }

    @Test
    void namedTargetPortMissingFromTheContainerIsUnavailable() {
        client.resource(service("postgis", new IntOrString("postgresql"))).create();
        client.resource(pod("postgis-0", "postgis", true, "Running")).create();

        assertThatThrownBy(() -> resolver.resolve(NS, TargetRef.parse("svc/postgis:5432")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("no container port named 'postgresql'");
    }

    @Test
    void podTargetResolvesByPortName() {
        var pod = client.resource(pod("postgis-0", "postgis", true, "Running")).create();

        assertThat(resolver.resolve(NS, TargetRef.parse("pod/postgis-0:postgres")))
                .isEqualTo(new ResolvedPod("postgis-0", pod.getMetadata().getUid(), 5433, "postgres"));
    }

    @Test
    void unreadyPodTargetIsUnavailable() {
        client.resource(pod("postgis-0", "postgis", false, "Running")).create();

        assertThatThrownBy(() -> resolver.resolve(NS, TargetRef.parse("pod/postgis-0:5433")))
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("not Ready");
    }
}
