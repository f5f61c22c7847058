package org.kfm.breakglass.testkit;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The port-forward websockets that are open right now. */
final class OpenForwards {

    private final Set<PortForwardBridge> open = ConcurrentHashMap.newKeySet();

    void add(PortForwardBridge bridge) {
        open.add(bridge);
    }

    void remove(PortForwardBridge bridge) {
        open.remove(bridge);
    }

    int count() {
        return open.size();
    }

    /** Drops every forward (to the given pod, or all when {@code pod} is null). */
    void dropAll(String namespace, String pod) {
        for (PortForwardBridge bridge : List.copyOf(open)) {
            if (pod == null || bridge.targets(namespace, pod)) {
                bridge.drop();
            }
        }
    }
}
