package org.kfm.breakglass.sql;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.kfm.breakglass.testkit.DbRole;
import org.kfm.breakglass.testkit.LocalPostgis;

/** One throwaway PostGIS for all sql tests of this JVM (the testkit's shutdown hook removes it). */
final class SharedPostgis {

    private static LocalPostgis instance;

    private SharedPostgis() {}

    static synchronized LocalPostgis get() {
        if (instance == null) {
            instance = LocalPostgis.start();
        }
        return instance;
    }

    /** The seam as the kube tunnel uses it, but over plain TCP to LocalPostgis; counts the sockets it opens. */
    static final class CountingOpener implements SocketOpener {
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public Socket open() throws java.io.IOException {
            opened.incrementAndGet();
            var pg = get();
            return new Socket(pg.host(), pg.port());
        }
    }

    static ConnectSpec spec(DbRole role, boolean readOnly) {
        return new ConnectSpec(
                get().database(),
                role.user(),
                role.password().toCharArray(),
                readOnly,
                Duration.ofSeconds(60),
                ConnectSpec.applicationNameFor("0123456789abcdef"));
    }

    static DatabaseLink link(DbRole role, boolean readOnly) throws SqlFailure {
        return DatabaseLink.connect(new CountingOpener(), spec(role, readOnly));
    }
}
