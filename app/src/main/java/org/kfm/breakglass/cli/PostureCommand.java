package org.kfm.breakglass.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kfm.breakglass.session.PostureReview;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass posture}: judges the PostGIS deployment's security posture from rendered
 * manifests or from a live namespace. Exit 0 when no rule fails, 1 on any FAIL, 2 on usage errors
 * or unreadable input.
 */
@Command(
        name = "posture",
        mixinStandardHelpOptions = true,
        description = "Check the PostGIS deployment's posture: no external Service, a deny-all ingress policy, "
                + "ingress only from named namespaces, resource requests and limits, no plaintext Secrets, "
                + "PVC storage class and size, the named port 'postgres'.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every rule passed (warnings allowed)", "1:a rule failed", "2:usage error or unreadable input"
        })
public final class PostureCommand implements Callable<Integer> {
    static final int FAILED = 1;
    static final int UNREADABLE = 2;

    /** Exactly one of the two inputs. */
    static final class Input {
        @Option(
                names = "--manifests",
                paramLabel = "FILE|-",
                description = "Rendered YAML (kubectl kustomize ...), '-' for stdin.")
        String manifests;

        @Option(
                names = "--live",
                description = "Read the objects from the cluster through the kubeconfig (TLS verified).")
        boolean live;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description = "Kubeconfig for --live (default: $KUBECONFIG or ~/.kube/config).")
    Path kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "Kubeconfig context for --live (default: the current one).")
    String context;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "Namespace for --live (default: the context's).")
    String namespace;

    @Option(
            names = "--format",
            paramLabel = "text|json",
            defaultValue = "text",
            description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    /** Report formats. */
    enum Format {
        text,
        json
    }

    private final InputStream stdin;

    public PostureCommand() {
        this(System.in);
    }

    /** For tests and embedding: where {@code --manifests -} reads from. */
    public PostureCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        if (!input.live && (kubeconfig != null || context != null || namespace != null)) {
            throw new ParameterException(spec.commandLine(), "--kubeconfig, --context and --namespace need --live");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        var source = input.live
                ? "live:" + (context == null ? "current-context" : context) + "/"
                        + (namespace == null ? "(context namespace)" : namespace)
                : "-".equals(input.manifests) ? "stdin" : input.manifests;
        try {
            // `var` on purpose: the CLI names only session types (ArchUnit: cli -> session).
            var findings = input.live
                    ? PostureReview.live(kubeconfig, context, namespace)
                    : "-".equals(input.manifests)
                            ? PostureReview.fromManifests(stdin)
                            : PostureReview.fromManifests(Path.of(input.manifests));
            out.print(
                    format == Format.json
                            ? PostureReview.asJson(source, findings) + System.lineSeparator()
                            : PostureReview.asText(findings));
            out.flush();
            return PostureReview.failed(findings) ? FAILED : 0;
        } catch (PostureReview.UnreadableInputException e) {
            err.println("breakglass posture: " + e.getMessage());
            err.flush();
            return UNREADABLE;
        }
    }
}
