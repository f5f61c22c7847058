package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;

/**
 * Writes a kubeconfig for the fake cluster: server URL with the CA data (so TLS is verified), a bearer-token
 * user and one context whose namespace is {@code kfm-stage}, set as current context. Mode 0600: it holds a token.
 */
final class KubeconfigWriter {

    static final String CLUSTER = "kfm-demo-cluster";
    static final String USER = "breakglass-operator";

    private KubeconfigWriter() {}

    static Config kubeconfig(String serverUrl, String caData, String token, String context, String namespace) {
        return new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addToClusters(new NamedClusterBuilder()
                        .withName(CLUSTER)
                        .withNewCluster()
                        .withServer(serverUrl)
                        .withCertificateAuthorityData(caData)
                        .endCluster()
                        .build())
                .addToUsers(new NamedAuthInfoBuilder()
                        .withName(USER)
                        .withNewUser()
                        .withToken(token)
                        .endUser()
                        .build())
                .addToContexts(new NamedContextBuilder()
                        .withName(context)
                        .withNewContext()
                        .withCluster(CLUSTER)
                        .withUser(USER)
                        .withNamespace(namespace)
                        .endContext()
                        .build())
                .withCurrentContext(context)
                .build();
    }

    static void write(Config kubeconfig, Path out) {
        PrivateFile.write(out, Serialization.asYaml(kubeconfig), "kubeconfig");
    }
}
