package org.kfm.breakglass.kube.posture;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.kfm.breakglass.check.RevokedFunction;

/**
 * The init SQL takes the side-effect functions ({@link RevokedFunction}: signalling, advisory locks, large
 * objects, notify, server files) away from PUBLIC, so the database refuses them to a read-only role even if a
 * statement slips past the console's classifier. Reads every {@code *.sql} entry of the ConfigMaps (comments
 * removed, case and spacing normalised) and wants one {@code REVOKE EXECUTE ON FUNCTION pg_catalog.f(args) FROM
 * PUBLIC} per function and signature, no GRANT of one back to PUBLIC or to the writer or reader role, and the file
 * run by the ConfigMap's script. Manifests: FAIL when anything is missing. Live: a WARN (the privilege check after
 * login asks the server itself), and not applicable when no init-SQL ConfigMap is visible.
 */
public final class FunctionPrivilegesRule implements PostureRule {
    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\r\\n]*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern TIGHT = Pattern.compile("\\s*([(),;])\\s*");
    private static final Pattern GRANT =
            Pattern.compile("grant execute on function (?:pg_catalog\\.)?([a-z0-9_]+\\([a-z0-9_,]*\\)) ?to ([^;]+);");
    private static final List<String> READ_ROLES = List.of("public", "kfm_reader", "kfm_writer");

    @Override
    public String name() {
        return "function-privileges";
    }

    @Override
    public PostureFinding evaluate(PostureInput input) {
        boolean live = input.origin() == PostureInput.Origin.LIVE;
        var files = new LinkedHashMap<String, String>();
        var scripts = new ArrayList<String>();
        for (ConfigMap map : input.configMaps()) {
            Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
            data.forEach((key, text) -> {
                if (key.endsWith(".sql") && text != null) {
                    files.put("ConfigMap " + map.getMetadata().getName() + "/" + key, normalize(text));
                } else if (key.endsWith(".sh") && text != null) {
                    scripts.add(text);
                }
            });
        }
        if (files.isEmpty()) {
            return live
                    ? PostureFinding.pass(
                            name(),
                            "no init-SQL ConfigMap visible in the namespace; the privilege check after login asks "
                                    + "the server itself")
                    : PostureFinding.fail(
                            name(),
                            "no init SQL (a ConfigMap with *.sql entries) in the manifests: ship "
                                    + "deploy/postgis/base/sql/30-function-privileges.sql with the init Job");
        }
        String text = String.join(" ", files.values());
        var missing = RevokedFunction.all().stream()
                .filter(f -> !text.contains(normalize(f.revokeStatement())))
                .toList();
        var problems = new ArrayList<String>();
        if (!missing.isEmpty()) {
            problems.add("the init SQL does not revoke EXECUTE from PUBLIC on " + missing.size() + " function(s): "
                    + String.join(
                            ", ",
                            missing.stream()
                                    .map(f -> f.name() + "(" + f.arguments() + ")")
                                    .toList())
                    + "; add e.g. " + missing.getFirst().revokeStatement()
                    + " (all of them: deploy/postgis/base/sql/30-function-privileges.sql)");
        }
        var regranted = regrants(text);
        if (!regranted.isEmpty()) {
            problems.add("the init SQL grants side-effect functions back: " + String.join(", ", regranted)
                    + "; grant them to kfm_owner only");
        }
        var revoking = files.entrySet().stream()
                .filter(e -> RevokedFunction.all().stream()
                        .anyMatch(f -> e.getValue().contains(normalize(f.revokeStatement()))))
                .map(e -> e.getKey())
                .toList();
        var revokingKeys =
                revoking.stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList();
        if (!scripts.isEmpty()
                && !revoking.isEmpty()
                && scripts.stream().noneMatch(s -> revokingKeys.stream().anyMatch(s::contains))) {
            problems.add("no init script runs " + String.join(", ", revoking)
                    + ": run it with psql in every database (template1, postgres and each KFM database)");
        }
        if (!problems.isEmpty()) {
            String reason = String.join("; ", problems);
            return live ? PostureFinding.warn(name(), reason) : PostureFinding.fail(name(), reason);
        }
        return PostureFinding.pass(
                name(),
                "PUBLIC may not execute the " + RevokedFunction.all().size()
                        + " signalling, advisory-lock, large-object, notify and server-file functions ("
                        + String.join(", ", revoking) + ")");
    }

    /** GRANTs of a listed function to PUBLIC or the writer or reader role. */
    private static List<String> regrants(String text) {
        var signatures = RevokedFunction.all().stream()
                .map(f -> normalize(f.name() + "(" + f.arguments() + ")"))
                .toList();
        var found = new ArrayList<String>();
        var grants = GRANT.matcher(text);
        while (grants.find()) {
            var grantees = List.of(grants.group(2).split(","));
            if (signatures.contains(grants.group(1)) && grantees.stream().anyMatch(READ_ROLES::contains)) {
                found.add(grants.group(1) + " to " + grants.group(2));
            }
        }
        return found;
    }

    /** Comments removed, lower case, one space between words, none around parentheses, commas and semicolons. */
    static String normalize(String sql) {
        String text = BLOCK_COMMENT.matcher(sql).replaceAll(" ");
        text = LINE_COMMENT.matcher(text).replaceAll(" ");
        text = SPACE.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ");
        return TIGHT.matcher(text).replaceAll("$1").strip();
    }
}
