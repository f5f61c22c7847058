package org.kfm.breakglass.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kfm.breakglass.kube.MockObjects.NS;
import static org.kfm.breakglass.kube.MockObjects.pod;
import static org.kfm.breakglass.kube.MockObjects.service;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The supervisor's pod supervision against fabric8's CRUD mock server (no forwards needed). */
@EnableKubernetesMockClient(crud = true)
class TunnelSupervisorPodTest {

    KubernetesClient client;
    private final BlockingQueue<TunnelEvent> events = new LinkedBlockingQueue<>();
    private TunnelSupervisor supervisor;

    @BeforeEach
    void setUp() {
        client.resource(service("postgis", new IntOrString("postgres"))).create();
        supervisor = new TunnelSupervisor(
                new ClusterAccess(client, "mock", NS, true),
                NS,
                TargetRef.parse("svc/postgis:5432"),
                Duration.ofSeconds(20),
                Duration.ofMillis(200));
        supervisor.addListener(events::add);
    }

    @AfterEach
    void tearDown() {
        supervisor.close();
    }

    private TunnelEvent next() throws InterruptedException {
        var event = events.poll(30, TimeUnit.SECONDS);
        assertThat(event).as("a tunnel event within 30 s").isNotNull();
        return event;
    }

    @Test
    void replacedPodIsReportedWithOldAndNewUid() throws Exception {
        var original =
                client.resource(pod("postgis-0", "postgis", true, "Running")).create();
        var opened = supervisor.open();
        assertThat(next().state()).isEqualTo(TunnelState.CONNECTING);
        assertThat(next())
                .extracting(TunnelEvent::state, TunnelEvent::newUid)
                .containsExactly(TunnelState.OPEN, original.getMetadata().getUid());

        client.pods().inNamespace(NS).withName("postgis-0").delete();
        client.pods().inNamespace(NS).withName("postgis-0").waitUntilCondition(p -> p == null, 10, TimeUnit.SECONDS);
        var replacement =
                client.resource(pod("postgis-0", "postgis", true, "Running")).create();

        var dropped = next();
        assertThat(dropped.state()).isEqualTo(TunnelState.RECONNECTING);
        assertThat(dropped.oldUid()).isEqualTo(opened.uid());
        var reopened = next();
        assertThat(reopened.state()).isEqualTo(TunnelState.OPEN);
        assertThat(reopened.oldUid()).isEqualTo(original.getMetadata().getUid());
        assertThat(reopened.newUid()).isEqualTo(replacement.getMetadata().getUid());
        assertThat(reopened.podReplaced()).isTrue();
        assertThat(supervisor.currentPod().orElseThrow().uid())
                .isEqualTo(replacement.getMetadata().getUid());
    }

    @Test
    void onlyUnreadyPodsFailAfterTheReadyTimeout() throws IOException {
        client.resource(pod("postgis-0", "postgis", false, "Running")).create();
        var impatient = new TunnelSupervisor(
                new ClusterAccess(client, "mock", NS, true),
                NS,
                TargetRef.parse("svc/postgis:5432"),
                Duration.ZERO,
                Duration.ofMillis(100));
        List<TunnelEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        impatient.addListener(seen::add);

        assertThatThrownBy(impatient::open)
                .isInstanceOf(TargetUnavailableException.class)
                .hasMessageContaining("no Ready pod");
        assertThat(impatient.state()).isEqualTo(TunnelState.FAILED);
        assertThat(seen).extracting(TunnelEvent::state).containsExactly(TunnelState.CONNECTING, TunnelState.FAILED);
        assertThatThrownBy(impatient::openSocket)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("FAILED");
        impatient.close();
    }

    @Test
    void closingReportsClosed() throws Exception {
        client.resource(pod("postgis-0", "postgis", true, "Running")).create();
        supervisor.open();
        supervisor.close();

        assertThat(supervisor.state()).isEqualTo(TunnelState.CLOSED);
        assertThat(events)
                .extracting(TunnelEvent::state)
                .containsExactly(TunnelState.CONNECTING, TunnelState.OPEN, TunnelState.CLOSED);
    }
}
