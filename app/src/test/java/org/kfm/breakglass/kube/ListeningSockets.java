package org.kfm.breakglass.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Test-only: the TCP sockets of this JVM in LISTEN state that are bound to a non-loopback address, from
 * /proc/net/tcp{,6} (state 0A) matched by inode against /proc/self/fd. Shared with the end-to-end tests.
 */
public final class ListeningSockets {

    private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

    private ListeningSockets() {}

    public static List<String> nonLoopbackListenersOfThisProcess() throws IOException {
        return listenersOfThisProcess(false);
    }

    /** Every LISTEN socket of this JVM, loopback included: shows the /proc parsing sees real listeners. */
    public static List<String> allListenersOfThisProcess() throws IOException {
        return listenersOfThisProcess(true);
    }

    private static List<String> listenersOfThisProcess(boolean includeLoopback) throws IOException {
        Set<String> ownInodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (var fd : fds.toList()) {
                try {
                    var m = SOCKET_LINK.matcher(Files.readSymbolicLink(fd).toString());
                    if (m.matches()) {
                        ownInodes.add(m.group(1));
                    }
                } catch (IOException e) {
                    // The fd closed while listing.
                }
            }
        }
        List<String> offenders = new ArrayList<>();
        for (var table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            var lines = Files.readAllLines(Path.of(table));
            for (var line : lines.subList(1, lines.size())) {
                var cols = line.trim().split("\\s+");
                String local = cols[1];
                String state = cols[3];
                String inode = cols[9];
                if ("0A".equals(state)
                        && ownInodes.contains(inode)
                        && (includeLoopback || !isLoopback(local.split(":")[0]))) {
                    offenders.add(table + " " + local + " inode " + inode);
                }
            }
        }
        return offenders;
    }

    /** How many socket file descriptors this JVM holds right now. */
    public static long socketDescriptorsOfThisProcess() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return SOCKET_LINK
                                    .matcher(Files.readSymbolicLink(fd).toString())
                                    .matches();
                        } catch (IOException e) {
                            return false;
                        }
                    })
                    .count();
        }
    }

    /** Hex address as the kernel prints it: IPv4 one little-endian word, IPv6 four. */
    private static boolean isLoopback(String hex) {
        if (hex.length() == 8) {
            return hex.endsWith("7F");
        }
        return hex.equals("00000000000000000000000001000000")
                || (hex.startsWith("0000000000000000FFFF0000") && hex.endsWith("7F"));
    }
}
