package org.kfm.breakglass.endpoint;

import java.nio.file.Path;

/**
 * Ready-to-paste ways to reach an endpoint: the psql command, a libpq connection string, and the {@code PG:} data
 * source of QGIS and ogr2ogr. None holds a user or password: the socket's peer check is the authentication.
 */
public record ConnectionStrings(String psql, String libpq, String gdal) {

    public static ConnectionStrings of(Path socketDirectory, String database) {
        String libpq = "host=" + quote(socketDirectory.toString()) + " dbname=" + quote(database);
        return new ConnectionStrings(
                "psql -h " + shell(socketDirectory.toString()) + " -d " + shell(database), libpq, "PG:" + shell(libpq));
    }

    /** libpq's conninfo quoting: single quotes when needed, backslash before {@code '} and {@code \}. */
    static String quote(String value) {
        if (!value.isEmpty() && value.chars().noneMatch(c -> c == ' ' || c == '\'' || c == '\\' || c == '=')) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** POSIX shell quoting when the word holds anything but plain path characters. */
    static String shell(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
