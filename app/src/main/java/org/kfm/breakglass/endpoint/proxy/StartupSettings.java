package org.kfm.breakglass.endpoint.proxy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.kfm.breakglass.endpoint.upstream.ClientTerms;
import org.kfm.breakglass.endpoint.wire.ServerNotice;
import org.kfm.breakglass.session.SetupRule;

/**
 * What of a client's startup packet reaches the server. {@code user} is ignored (the endpoint logs in as the
 * session), {@code database} must be the session's, {@code replication} is refused, {@code options} (command-line
 * switches, which could set anything) is dropped with a notice, {@code _pq_.} protocol options are declined; every
 * other parameter is a setting and must pass the same {@link SetupRule} as a {@code SET} would.
 */
final class StartupSettings {
    private static final Set<String> HANDLED = Set.of("user", "database", "options", "replication");

    private final Map<String, String> settings;
    private final String ignoredOptions;

    private StartupSettings(Map<String, String> settings, String ignoredOptions) {
        this.settings = settings;
        this.ignoredOptions = ignoredOptions;
    }

    static StartupSettings check(Map<String, String> parameters, ClientTerms terms) throws LoginFailed {
        String replication = parameters.get("replication");
        if (replication != null
                && !Set.of("false", "off", "no", "0").contains(replication.toLowerCase(java.util.Locale.ROOT))) {
            throw new LoginFailed(ServerNotice.fatal(
                    "28000", "replication connections are not served by the break-glass endpoint", null, null));
        }
        String database = parameters.getOrDefault("database", parameters.get("user"));
        if (!terms.database().equals(database)) {
            throw new LoginFailed(ServerNotice.fatal(
                    "3D000",
                    "this break-glass session serves database \"" + terms.database() + "\", not \"" + database + "\"",
                    null,
                    "connect with dbname=" + terms.database()));
        }
        var settings = new LinkedHashMap<String, String>();
        for (var entry : parameters.entrySet()) {
            String name = entry.getKey();
            if (HANDLED.contains(name) || name.startsWith("_pq_.")) {
                continue;
            }
            if (name.equalsIgnoreCase("standard_conforming_strings")) {
                // the server's own setting stays: the endpoint reads statements as it reports
                continue;
            }
            var refused = SetupRule.setting(terms.mode(), true, name, entry.getValue(), false);
            if (refused.isPresent()) {
                var refusal = refused.get();
                throw new LoginFailed(ServerNotice.fatal(
                        refusal.sqlstate(),
                        "refused by the break-glass endpoint: startup parameter " + name + ": " + refusal.reason(),
                        null,
                        refusal.hint()));
            }
            settings.put(name, entry.getValue());
        }
        String options = parameters.get("options");
        return new StartupSettings(settings, options == null || options.isBlank() ? null : options);
    }

    /** The settings to put in the server's startup packet, in the client's order. */
    Map<String, String> settings() {
        return settings;
    }

    /** The NoticeResponse for dropped startup options, or null. */
    ServerNotice notice() {
        if (ignoredOptions == null) {
            return null;
        }
        return ServerNotice.of(
                "NOTICE",
                "00000",
                "the break-glass endpoint ignored the startup options \"" + ignoredOptions + "\"",
                null,
                "set settings with SET after connecting (the endpoint checks each one)");
    }
}
