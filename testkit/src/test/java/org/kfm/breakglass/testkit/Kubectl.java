package org.kfm.breakglass.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the installed kubectl against a kubeconfig, with its own discovery cache directory. */
final class Kubectl {

    record Result(int exit, String out, String err) {}

    private Kubectl() {}

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("kubectl version --client failed: install kubectl (CI: .ci/run does)");
            }
        } catch (IOException e) {
            throw new AssertionError(
                    "kubectl is not installed; the fake cluster's tests use it as their oracle:"
                            + " install it (apt-get install -y kubectl from the Kubernetes apt repository; .ci/run does)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Result run(Path kubeconfig, Path cacheDir, List<String> args) throws Exception {
        Process p = start(kubeconfig, cacheDir, args.toArray(String[]::new));
        p.getOutputStream().close();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + args + " did not finish within 60 s");
        }
        return new Result(
                p.exitValue(),
                new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    static Process start(Path kubeconfig, Path cacheDir, String... args) throws IOException {
        var cmd = new ArrayList<String>();
        cmd.add("kubectl");
        cmd.add("--kubeconfig=" + kubeconfig);
        if (List.of(args).stream().noneMatch(a -> a.startsWith("--cache-dir"))) {
            cmd.add("--cache-dir=" + cacheDir);
        }
        cmd.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(cmd);
        b.environment().remove("KUBECONFIG");
        return b.start();
    }

    private static byte[] read(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return ("<" + e + ">").getBytes(StandardCharsets.UTF_8);
        }
    }
}
