package org.kfm.breakglass.kube;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * Test-only pgjdbc {@code socketFactory}: pgjdbc instantiates it by class name with {@code socketFactoryArg}, the
 * key of a registered {@link TunnelSupervisor}; every connection is a fresh {@link ForwardedSocket}.
 */
public final class TunnelSocketFactory extends SocketFactory {

    private static final Map<String, TunnelSupervisor> SUPERVISORS = new ConcurrentHashMap<>();

    private final TunnelSupervisor supervisor;

    public TunnelSocketFactory(String key) {
        this.supervisor = SUPERVISORS.get(key);
        if (supervisor == null) {
            throw new IllegalArgumentException("no tunnel registered under " + key);
        }
    }

    /** Registers the tunnel that connections made with {@code socketFactoryArg=key} go through. */
    public static void register(String key, TunnelSupervisor supervisor) {
        SUPERVISORS.put(key, supervisor);
    }

    @Override
    public Socket createSocket() throws IOException {
        return supervisor.openSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return supervisor.openSocket();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return supervisor.openSocket();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return supervisor.openSocket();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return supervisor.openSocket();
    }
}
