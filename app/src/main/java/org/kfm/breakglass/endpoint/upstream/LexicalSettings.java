package org.kfm.breakglass.endpoint.upstream;

/**
 * The server settings that change how a statement is lexed, as the server reported them on this connection.
 *
 * @param standardConformingStrings {@code standard_conforming_strings}
 * @param serverVersionNum e.g. {@code 150020}, from the reported {@code server_version}
 */
public record LexicalSettings(boolean standardConformingStrings, int serverVersionNum) {

    /** {@code server_version} as reported ("15.20 (Debian …)", "16beta1") as a version number. */
    public static int versionNumber(String serverVersion) {
        var m = java.util.regex.Pattern.compile("^(\\d+)(?:\\.(\\d+))?").matcher(serverVersion.strip());
        if (!m.find()) {
            return 0;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return major >= 10 ? major * 10000 + minor : major * 10000 + minor * 100;
    }
}
