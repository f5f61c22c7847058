package org.kfm.breakglass.ui.port;

import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.TargetListing;

/**
 * Everything the desktop console needs from the engine before a session exists. The lead's adapter over
 * {@code session} implements it; the UI never reaches {@code kube}/{@code sql} any other way, so every privileged
 * step stays behind the audited session.
 *
 * <p>Threading: the UI calls every method from a background (virtual) thread, never from the FX thread, so an
 * implementation may block (kubeconfig parsing, API calls, journal fsync). Callbacks may come from any thread.
 */
public interface ConsolePort {

    /** Kubeconfig contexts, in kubeconfig order; the UI puts the {@link ContextChoice#current() current} one first. */
    List<ContextChoice> contexts();

    /**
     * Why the kubeconfig cannot be used (missing file, unparseable, no contexts), phrased for the operator with what
     * to do next; empty when {@link #contexts()} is usable. When present the start screen offers the demo cluster.
     */
    Optional<String> kubeconfigProblem();

    /**
     * Every PostgreSQL target in {@code namespace} of {@code context} (plain Services and operator clusters, with
     * the pod a session would reach, the Ready replicas and the Secret it would read): what {@code breakglass
     * targets} prints. Reads names and labels only, never a Secret's contents, so it is not journaled.
     *
     * @throws PortException when the context is unknown, the policy allows no session there, or the API refuses
     */
    TargetListing targets(String context, String namespace) throws PortException;

    /** The policy's justification rules in force (from the policy file or its defaults), for inline validation. */
    JustificationRules rules();

    /** Whether the policy lets a session be elevated to read-write. */
    boolean writeElevationAllowed();

    /**
     * Opens a break-glass session in state JUSTIFIED: records {@code session.start} with the full justification.
     * Nothing is connected yet.
     *
     * @throws PortException when the policy rejects the justification or the journal cannot record it
     */
    SessionHandle start(TargetChoice target, JustificationInput justification) throws PortException;

    /** The CSV / GeoJSON writers the results view uses after {@link SessionHandle#recordExport}. */
    ExportWriter exportWriter();
}
