package org.kfm.breakglass.session;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.kube.KubeNames;
import org.kfm.breakglass.kube.posture.LivePostureSource;
import org.kfm.breakglass.kube.posture.ManifestPostureSource;
import org.kfm.breakglass.kube.posture.PostureFinding;
import org.kfm.breakglass.kube.posture.PostureInputException;
import org.kfm.breakglass.kube.posture.PostureRulebook;
import tools.jackson.databind.json.JsonMapper;

/**
 * The posture review the CLI ({@code breakglass posture}) and the GUI call: the same rules over
 * rendered manifests or a live namespace, plus the two report formats. Keeps fabric8 types out of
 * its signatures; a problem reading the input surfaces as {@link UnreadableInputException}.
 */
public final class PostureReview {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private PostureReview() {}

    /** Judges a rendered manifest file (multi-document YAML). */
    public static List<PostureFinding> fromManifests(Path file) {
        try {
            return PostureRulebook.evaluate(ManifestPostureSource.read(file));
        } catch (PostureInputException e) {
            throw new UnreadableInputException(e.getMessage(), e);
        }
    }

    /** Judges rendered manifests read from a stream (for {@code --manifests -}); the stream is not closed. */
    public static List<PostureFinding> fromManifests(InputStream in) {
        try {
            return PostureRulebook.evaluate(ManifestPostureSource.read(in));
        } catch (PostureInputException e) {
            throw new UnreadableInputException(e.getMessage(), e);
        }
    }

    /**
     * Judges a live namespace through a kubeconfig (TLS verified).
     *
     * @param kubeconfig the kubeconfig, or null for $KUBECONFIG / ~/.kube/config
     * @param context    the context, or null for the current one
     * @param namespace  the namespace, or null for the context's namespace
     */
    public static List<PostureFinding> live(Path kubeconfig, String context, String namespace) {
        try {
            if (namespace != null) {
                KubeNames.requireNamespace(namespace);
            }
            if (context != null) {
                KubeNames.requireContext(context);
            }
        } catch (IllegalArgumentException e) {
            throw new UnreadableInputException(e.getMessage(), e);
        }
        try {
            return PostureRulebook.evaluate(LivePostureSource.read(kubeconfig, context, namespace));
        } catch (PostureInputException e) {
            throw new UnreadableInputException(e.getMessage(), e);
        } catch (RuntimeException e) {
            // fabric8 reports an unreachable server or a TLS failure as a plain runtime exception.
            throw new UnreadableInputException(
                    "cannot reach the cluster: " + e.getMessage()
                            + " (check the kubeconfig, the context and that the API server is up)",
                    e);
        }
    }

    /** True when any finding is a FAIL: the CLI then exits 1, the preflight refuses to open. */
    public static boolean failed(List<PostureFinding> findings) {
        return findings.stream().anyMatch(f -> f.verdict() == Verdict.FAIL);
    }

    /** One line a rule: {@code PASS  service-exposure         Service postgis is ClusterIP}. */
    public static String asText(List<PostureFinding> findings) {
        var width = findings.stream().mapToInt(f -> f.rule().length()).max().orElse(0);
        var text = new StringBuilder();
        for (var f : findings) {
            text.append(String.format("%-4s  %-" + width + "s  %s%n", f.verdict(), f.rule(), f.reason()));
        }
        return text.toString();
    }

    /**
     * The findings as a JSON document: {@code {"source": ..., "failed": bool, "findings": [{rule, verdict, reason}]}}.
     *
     * @param source what was judged, e.g. the manifest path or {@code live:<namespace>}
     */
    public static String asJson(String source, List<PostureFinding> findings) {
        var document = new LinkedHashMap<String, Object>();
        document.put("source", source);
        document.put("failed", failed(findings));
        document.put(
                "findings",
                findings.stream()
                        .map(f -> (Map<String, Object>) orderedFinding(f))
                        .toList());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
    }

    private static Map<String, Object> orderedFinding(PostureFinding finding) {
        var map = new LinkedHashMap<String, Object>();
        map.put("rule", finding.rule());
        map.put("verdict", finding.verdict().name());
        map.put("reason", finding.reason());
        return map;
    }

    /** The manifests or the cluster could not be read; the message says what failed and what to do. */
    public static final class UnreadableInputException extends RuntimeException {
        public UnreadableInputException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
