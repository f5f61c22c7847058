package org.kfm.breakglass.endpoint;

import org.kfm.breakglass.testkit.LocalPostgis;

/** One throwaway PostGIS for the endpoint tests of this JVM (the testkit's shutdown hook removes it). */
public final class EndpointPostgis {
    private static LocalPostgis instance;

    private EndpointPostgis() {}

    public static synchronized LocalPostgis get() {
        if (instance == null) {
            instance = LocalPostgis.start();
        }
        return instance;
    }
}
