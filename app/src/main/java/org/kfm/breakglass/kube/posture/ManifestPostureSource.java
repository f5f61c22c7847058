package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads rendered manifests (multi-document YAML, as {@code kubectl kustomize} prints them) with
 * fabric8's own serialization, so every document must be a well-formed Kubernetes object.
 */
public final class ManifestPostureSource {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private ManifestPostureSource() {}

    /** Parses the file; see {@link #read(InputStream)}. */
    public static PostureInput read(Path file) {
        try (var in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new PostureInputException(
                    "cannot read manifests from " + file + ": " + e + " (render them with kubectl kustomize first)", e);
        }
    }

    /** Parses multi-document YAML into a {@link PostureInput} of origin MANIFESTS. */
    public static PostureInput read(InputStream in) {
        return ObjectInventory.sort(PostureInput.Origin.MANIFESTS, parse(in));
    }

    /**
     * Every Kubernetes object in the YAML, in document order. Unknown kinds (ExternalSecret)
     * become {@code GenericKubernetesResource}.
     *
     * @throws PostureInputException when the text is not YAML, a document is not a Kubernetes
     *     object, or there is no object at all
     */
    public static List<HasMetadata> parse(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new PostureInputException("cannot read manifests: " + e, e);
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw new PostureInputException(
                    "the manifests are empty: pass the output of kubectl kustomize deploy/postgis/overlays/stage");
        }
        Object parsed;
        try {
            parsed = SERIALIZATION.unmarshal(new ByteArrayInputStream(bytes));
        } catch (RuntimeException e) {
            throw new PostureInputException("the manifests are not valid Kubernetes YAML: " + firstLine(e), e);
        }
        var objects = new ArrayList<HasMetadata>();
        collect(parsed, objects);
        if (objects.isEmpty()) {
            throw new PostureInputException(
                    "the manifests hold no Kubernetes object (no document with apiVersion/kind)");
        }
        return objects;
    }

    private static void collect(Object parsed, List<HasMetadata> into) {
        switch (parsed) {
            case null -> {}
            case KubernetesList list -> list.getItems().forEach(item -> collect(item, into));
            case HasMetadata object -> {
                if (object.getKind() == null
                        || object.getMetadata() == null
                        || object.getMetadata().getName() == null) {
                    throw new PostureInputException("a document lacks kind or metadata.name: " + object.getKind());
                }
                into.add(object);
            }
            case List<?> list -> list.forEach(item -> collect(item, into));
            default ->
                throw new PostureInputException("a document is not a Kubernetes object (found "
                        + parsed.getClass().getSimpleName() + ")");
        }
    }

    private static String firstLine(Throwable e) {
        var message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
