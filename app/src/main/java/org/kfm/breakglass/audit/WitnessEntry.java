package org.kfm.breakglass.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What an off-machine witness holds about one session: the line that started it, and the seal that closed it.
 * A witness (create-only cluster objects, or the lines a remote sink received) keeps these where the operator
 * cannot rewrite them, so {@link WitnessComparison} can tell a deleted, rewritten or appended session from an
 * intact one.
 */
public sealed interface WitnessEntry permits WitnessEntry.Start, WitnessEntry.End {

    /** The session the entry is about. */
    UUID session();

    /** When the witness itself recorded it (e.g. the API server's creation time); null when it cannot tell. */
    Instant witnessedAt();

    /** The same entry with the witness's own time. */
    WitnessEntry witnessedAt(Instant at);

    /** The target API server the session went to, as its line names it; null when unknown. */
    String server();

    /** The target namespace, as the line names it; null when unknown. */
    String namespace();

    /**
     * The session's {@code session.start} line.
     *
     * @param seq       its seq in the journal
     * @param hash      its hash
     * @param time      its time (as the console's clock wrote it)
     * @param server    target API server
     * @param namespace target namespace
     * @param osUser    the operator's OS user (with {@code host}, the workstation whose journal holds the session)
     * @param host      the operator's host name
     * @param kubeUser  the operator's Kubernetes user
     * @param ticket    the ticket
     */
    record Start(
            UUID session,
            long seq,
            String hash,
            Instant time,
            String server,
            String namespace,
            String osUser,
            String host,
            String kubeUser,
            String ticket,
            Instant witnessedAt)
            implements WitnessEntry {

        /** {@code osUser@host}: whose journal the session belongs in. */
        public String workstation() {
            return Workstations.of(osUser, host);
        }

        @Override
        public Start witnessedAt(Instant at) {
            return new Start(session, seq, hash, time, server, namespace, osUser, host, kubeUser, ticket, at);
        }
    }

    /**
     * The session's {@code journal.seal} line.
     *
     * @param events    the seal's event count
     * @param head      the seal's head (hash of the session's last event before the seal)
     * @param hash      the seal line's own hash
     * @param signature the seal's signature, null when unsigned
     * @param time      the seal line's time
     * @param server    target API server, as the seal line names it
     * @param namespace target namespace, as the seal line names it
     */
    record End(
            UUID session,
            long events,
            String head,
            String hash,
            String signature,
            Instant time,
            String server,
            String namespace,
            Instant witnessedAt)
            implements WitnessEntry {

        @Override
        public End witnessedAt(Instant at) {
            return new End(session, events, head, hash, signature, time, server, namespace, at);
        }
    }
}
