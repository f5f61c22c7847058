package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The committed render of the stage overlay, and where the repository is. */
public final class StageFixture {
    static final String NAMESPACE = "kfm-stage";

    private StageFixture() {}

    /** The repository root: the first ancestor of the working directory holding deploy/postgis. */
    public static Path repoRoot() {
        for (var dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/postgis/overlays/stage"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "deploy/postgis not found above " + Path.of("").toAbsolutePath());
    }

    public static Path rendered() {
        return repoRoot().resolve("deploy/postgis/rendered/stage.yaml");
    }

    public static String renderedText() {
        try {
            return Files.readString(rendered());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh parse each call, so tests may mutate the objects freely. */
    static List<HasMetadata> objects() {
        return ManifestPostureSource.parse(
                new java.io.ByteArrayInputStream(renderedText().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .filter(o -> name.equals(o.getMetadata().getName()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("fixture has no " + type.getSimpleName() + " " + name));
    }

    static PostureInput manifests(List<HasMetadata> objects) {
        return ObjectInventory.sort(PostureInput.Origin.MANIFESTS, objects);
    }
}
