package org.kfm.breakglass.kube.posture;

/**
 * Manifests hold references (ExternalSecrets), never a Secret with data or stringData. The reason
 * names the Secret, never a key's value. A live cluster is expected to hold Secrets: not applicable.
 */
public final class NoPlaintextSecretRule implements PostureRule {
    @Override
    public String name() {
        return "no-plaintext-secrets";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        if (input.origin() == PostureInput.Origin.LIVE) {
            return PostureFinding.pass(name(), "live cluster");
        }
        var offenders = input.secrets().stream()
                .filter(s -> (s.getData() != null && !s.getData().isEmpty())
                        || (s.getStringData() != null && !s.getStringData().isEmpty()))
                .map(s -> "Secret " + s.getMetadata().getName())
                .toList();
        if (!offenders.isEmpty()) {
            return PostureFinding.fail(
                    name(),
                    String.join(", ", offenders)
                            + " carries data in the manifests: ship an ExternalSecret reference instead");
        }
        return PostureFinding.pass(
                name(),
                "no Secret values in the manifests; " + input.externalSecrets().size() + " ExternalSecret references");
    }
}
