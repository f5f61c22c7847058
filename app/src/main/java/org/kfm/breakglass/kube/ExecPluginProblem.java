package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.ExecConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.text.TerminalText;

/**
 * What to tell the operator when a kubeconfig exec credential plugin ({@code aws eks get-token},
 * {@code gke-gcloud-auth-plugin}, {@code kubelogin get-token}) gave no credentials: which plugin, whether it is
 * installed at all, and what usually fixes it. Only the command is named; its arguments can hold secrets.
 */
final class ExecPluginProblem {

    private ExecPluginProblem() {}

    static String describe(String user, ExecConfig exec, List<Path> kubeconfigs) {
        String command = TerminalText.escape(exec.getCommand());
        String where = "the exec entry of user '" + TerminalText.escape(user) + "' in " + kubeconfigs;
        if (findExecutable(exec.getCommand(), kubeconfigs).isEmpty()) {
            String hint = exec.getInstallHint() == null || exec.getInstallHint().isBlank()
                    ? ""
                    : " (the kubeconfig says: "
                            + TerminalText.escape(exec.getInstallHint().strip()) + ")";
            return "the credential plugin '" + command + "' named in " + where + " is not installed or not on " + "PATH"
                    + hint + ": install it, or fix the command in the kubeconfig, then retry";
        }
        return "the credential plugin '" + command + "' (" + TerminalText.escape(String.valueOf(exec.getApiVersion()))
                + ") named in " + where + " gave no token or client certificate: it failed or printed no valid "
                + "ExecCredential. Run that command yourself to see its error; usually the login behind it has "
                + "expired (aws sso login, gcloud auth login, kubelogin, …), then retry";
    }

    /**
     * Where the command would be found: as given when it holds a path separator (relative to the kubeconfig, as
     * client-go and fabric8 resolve it), else on PATH.
     */
    private static Optional<Path> findExecutable(String command, List<Path> kubeconfigs) {
        try {
            if (command.contains(File.separator)) {
                Path path = Path.of(command);
                if (!path.isAbsolute() && !kubeconfigs.isEmpty()) {
                    Path parent = kubeconfigs.getFirst().toAbsolutePath().getParent();
                    path = parent == null ? path : parent.resolve(path).normalize();
                }
                return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
            }
            String pathVariable = System.getenv("PATH");
            if (pathVariable == null) {
                return Optional.empty();
            }
            for (String dir : pathVariable.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path candidate = Path.of(dir, command);
                    if (Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                }
            }
            return Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
