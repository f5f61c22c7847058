package org.kfm.breakglass.testkit;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a kubeconfig for the fake cluster: server URL with the CA data (so TLS is verified), a bearer-token
 * user and one context whose namespace is {@code kfm-stage}, set as current context. Mode 0600: it holds a token.
 */
final class KubeconfigWriter {

  static final String CLUSTER = "kfm-demo-cluster";
  static final String USER = "breakglass-operator";

  private KubeconfigWriter() {
  }

  static Config kubeconfig(String serverUrl, String caData, String token, String context, String namespace) {
    return new ConfigBuilder()
        .withApiVersion("v1")
        .withKind("Config")
        .addToClusters(new NamedClusterBuilder().withName(CLUSTER)
            .withNewCluster().withServer(serverUrl).withCertificateAuthorityData(caData).endCluster().build())
        .addToUsers(new NamedAuthInfoBuilder().withName(USER).withNewUser().withToken(token).endUser().build())
        .addToContexts(new NamedContextBuilder().withName(context)
            .withNewContext().withCluster(CLUSTER).withUser(USER).withNamespace(namespace).endContext().build())
        .withCurrentContext(context)
        .build();
  }

  static void write(Config kubeconfig, Path out) {
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = Files.createTempFile(parent, ".kubeconfig-", ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(tmp, Serialization.asYaml(kubeconfig), StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the kubeconfig to " + out + ": " + e.getMessage(), e);
    }
  }
}
