package org.kfm.breakglass.kube;

import io.fabric8.kubernetes.api.model.ExecConfig;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.kfm.breakglass.text.TerminalText;

/**
 * The contexts of the operator's kubeconfig: an explicit file, or the {@code KUBECONFIG} search list (several files
 * joined by the path separator), or {@code ~/.kube/config}. fabric8 parses the files; the client configuration for a
 * chosen context is built by fabric8's own merge, which also runs exec/OIDC credential plugins.
 *
 * <p>Listing deliberately does not build client configurations: that would run credential plugins for every
 * context just to show a picker.
 */
public final class KubeconfigCatalog {

    private final List<Path> files;
    private final List<io.fabric8.kubernetes.api.model.Config> parsed;
    private final List<KubeContext> contexts;

    private KubeconfigCatalog(List<Path> files, List<io.fabric8.kubernetes.api.model.Config> parsed) {
        this.files = List.copyOf(files);
        this.parsed = List.copyOf(parsed);
        this.contexts = List.copyOf(listContexts());
    }

    /** Loads one explicit kubeconfig file (the {@code --kubeconfig} option). */
    public static KubeconfigCatalog load(Path kubeconfig) {
        if (!Files.isRegularFile(kubeconfig)) {
            throw new KubeAccessException("Kubeconfig file " + kubeconfig + " does not exist or is not a file: "
                    + "pass the path of a kubeconfig (for example ~/.kube/config) or set KUBECONFIG");
        }
        return new KubeconfigCatalog(List.of(kubeconfig), List.of(parse(kubeconfig)));
    }

    /**
     * Loads a kubeconfig search list in {@code KUBECONFIG} syntax. Missing entries are skipped like kubectl does,
     * but at least one file must exist.
     */
    public static KubeconfigCatalog loadSearchList(String searchList) {
        var candidates = Arrays.stream(searchList.split(File.pathSeparator))
                .filter(s -> !s.isBlank())
                .map(Path::of)
                .toList();
        return loadExisting(candidates, "KUBECONFIG=" + searchList);
    }

    /** Loads what kubectl would: {@code KUBECONFIG} when set, otherwise {@code ~/.kube/config}. */
    public static KubeconfigCatalog fromEnvironment() {
        var candidates = Config.getKubeconfigFilenames().stream().map(Path::of).toList();
        return loadExisting(candidates, String.join(File.pathSeparator, Config.getKubeconfigFilenames()));
    }

    private static KubeconfigCatalog loadExisting(List<Path> candidates, String origin) {
        var existing = candidates.stream().filter(Files::isRegularFile).toList();
        if (existing.isEmpty()) {
            throw new KubeAccessException("No kubeconfig file found (looked at " + origin + "): "
                    + "log in to the cluster (which writes ~/.kube/config) or point KUBECONFIG / --kubeconfig at one");
        }
        return new KubeconfigCatalog(
                existing, existing.stream().map(KubeconfigCatalog::parse).toList());
    }

    private static io.fabric8.kubernetes.api.model.Config parse(Path file) {
        try {
            var config = KubeConfigUtils.parseConfig(file.toFile());
            if (config == null) {
                throw new KubeAccessException("Kubeconfig file " + file + " is empty: "
                        + "regenerate it (for example with your cloud's get-credentials command)");
            }
            return config;
        } catch (KubeAccessException e) {
            throw e;
        } catch (Exception e) {
            // The parser's message may quote file content (tokens), so it is not passed on.
            throw new KubeAccessException("Kubeconfig file " + file + " cannot be read as a kubeconfig ("
                    + e.getClass().getSimpleName() + "): check that it is valid YAML with clusters, users and "
                    + "contexts, or regenerate it");
        }
    }

    /** The kubeconfig files in merge order. */
    public List<Path> files() {
        return files;
    }

    /** Every context, the current context first, the rest in file order. */
    public List<KubeContext> contexts() {
        return contexts;
    }

    /** The current context, when the kubeconfig names one that exists. */
    public Optional<KubeContext> currentContext() {
        return contexts.stream().filter(KubeContext::current).findFirst();
    }

    /** The named context, or a {@link KubeAccessException} listing the available ones. */
    public KubeContext context(String name) {
        return contexts.stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new KubeAccessException(
                        "Context '" + TerminalText.escape(name) + "' is not in the kubeconfig " + files
                                + ": choose one of "
                                + TerminalText.escape(contexts.stream()
                                        .map(KubeContext::name)
                                        .toList()
                                        .toString())));
    }

    /**
     * The fabric8 client configuration for a context, produced by fabric8's kubeconfig merge (auth plugins
     * included). TLS settings come only from the kubeconfig: nothing here turns verification off.
     */
    Config clientConfig(String contextName) {
        context(contextName);
        try {
            var config = Config.empty();
            KubeConfigUtils.merge(config, contextName, parsed.toArray(io.fabric8.kubernetes.api.model.Config[]::new));
            config.setConnectionTimeout(10_000);
            config.setRequestTimeout(30_000);
            // fabric8 retries 5xx ten times with doubling backoff (~20 s); an operator in an incident wants to know
            // sooner.
            config.setRequestRetryBackoffLimit(2);
            config.setRequestRetryBackoffInterval(250);
            return config;
        } catch (RuntimeException e) {
            throw new KubeAccessException(
                    "Cannot build a client for context '" + contextName + "' from " + files
                            + " (" + e.getClass().getSimpleName()
                            + "): check its cluster and user entries and that any "
                            + "exec credential plugin it names is installed and logged in",
                    e);
        }
    }

    /**
     * Why the client configuration fabric8 built for a context holds no credentials although its user names an
     * exec credential plugin, if that is so. fabric8 runs the plugin during the merge and, when it exits non-zero or
     * prints no valid {@code ExecCredential}, only logs a warning and goes on without a token; the console says
     * instead which plugin failed and what to do. The plugin's arguments are not shown: some (kubelogin's
     * {@code --oidc-client-secret}) are secrets.
     */
    Optional<String> credentialProblem(String contextName, Config config) {
        var context = context(contextName);
        var user = context.user() == null ? null : users().get(context.user());
        var auth = user == null ? null : user.getUser();
        ExecConfig exec = auth == null ? null : auth.getExec();
        boolean usesExec =
                exec != null && exec.getCommand() != null && isBlank(auth.getToken()) && auth.getAuthProvider() == null;
        boolean hasCredentials = !isBlank(config.getAutoOAuthToken())
                || !isBlank(config.getOauthToken())
                || config.getOauthTokenProvider() != null
                || !isBlank(config.getClientCertData())
                || !isBlank(config.getClientCertFile());
        if (!usesExec || hasCredentials) {
            return Optional.empty();
        }
        return Optional.of(ExecPluginProblem.describe(context.user(), exec, files));
    }

    /** The users of every file, kubectl's rule: the first file that defines a name wins. */
    private Map<String, NamedAuthInfo> users() {
        Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
        for (var config : parsed) {
            for (var user : nullSafe(config.getUsers())) {
                if (user.getName() != null && user.getUser() != null) {
                    users.putIfAbsent(user.getName(), user);
                }
            }
        }
        return users;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private List<KubeContext> listContexts() {
        // kubectl's merge rule: the first file that defines a name (or current-context) wins.
        String current = null;
        Map<String, NamedContext> byName = new LinkedHashMap<>();
        Map<String, NamedCluster> clusters = new LinkedHashMap<>();
        for (var config : parsed) {
            if (current == null
                    && config.getCurrentContext() != null
                    && !config.getCurrentContext().isBlank()) {
                current = config.getCurrentContext();
            }
            for (var ctx : nullSafe(config.getContexts())) {
                byName.putIfAbsent(ctx.getName(), ctx);
            }
            for (var cluster : nullSafe(config.getClusters())) {
                clusters.putIfAbsent(cluster.getName(), cluster);
            }
        }
        List<KubeContext> result = new ArrayList<>();
        for (var named : byName.values()) {
            var ctx = named.getContext();
            String clusterName = ctx == null ? null : ctx.getCluster();
            var cluster = clusterName == null ? null : clusters.get(clusterName);
            var body = cluster == null ? null : cluster.getCluster();
            boolean isCurrent = named.getName().equals(current);
            var entry = new KubeContext(
                    named.getName(),
                    clusterName,
                    body == null ? null : body.getServer(),
                    ctx == null ? null : ctx.getNamespace(),
                    ctx == null ? null : ctx.getUser(),
                    body != null && Boolean.TRUE.equals(body.getInsecureSkipTlsVerify()),
                    isCurrent);
            if (isCurrent) {
                result.addFirst(entry);
            } else {
                result.add(entry);
            }
        }
        return result;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
