package org.kfm.breakglass.desktop;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.ResultFormatting;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionGateway;
import org.kfm.breakglass.session.TargetChoice;
import org.kfm.breakglass.session.TargetListing;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.port.ExportWriter;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.SessionHandle;

/**
 * The desktop console's view of the engine: every call goes through {@link SessionGateway} and the session it
 * starts, so the GUI obeys exactly the rules the CLI does. Only translation happens here.
 */
public final class SessionConsolePort implements ConsolePort {
    private final SessionGateway gateway;
    private volatile Path kubeconfig;
    private volatile String kubeconfigProblem;

    public SessionConsolePort(SessionGateway gateway, Path kubeconfig) {
        this.gateway = gateway;
        this.kubeconfig = kubeconfig;
    }

    /** Points the console at another kubeconfig (the demo cluster's, once started). */
    public void useKubeconfig(Path file) {
        kubeconfig = file;
    }

    /**
     * Offers the demo cluster: {@code startCluster} starts it (once) and returns its kubeconfig, which the console
     * then uses.
     */
    public DemoClusterStarter demoStarter(Supplier<Path> startCluster) {
        return () -> {
            try {
                useKubeconfig(startCluster.get());
            } catch (RuntimeException e) {
                throw new PortException(e.getMessage(), e);
            }
        };
    }

    @Override
    public List<ContextChoice> contexts() {
        try {
            kubeconfigProblem = null;
            return gateway.contexts(kubeconfig).stream()
                    .map(c -> new ContextChoice(c.name(), c.server(), c.namespace(), c.current(), c.insecureTls()))
                    .toList();
        } catch (SessionFailure e) {
            kubeconfigProblem = e.getMessage();
            return List.of();
        }
    }

    @Override
    public Optional<String> kubeconfigProblem() {
        if (kubeconfigProblem == null) {
            contexts();
        }
        return Optional.ofNullable(kubeconfigProblem);
    }

    @Override
    public TargetListing targets(String context, String namespace) throws PortException {
        try {
            return gateway.targets(kubeconfig, context, namespace);
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public JustificationRules rules() {
        return gateway.rules();
    }

    @Override
    public boolean writeElevationAllowed() {
        return gateway.policy().elevation().write().allowed();
    }

    @Override
    public SessionHandle start(org.kfm.breakglass.ui.port.TargetChoice target, JustificationInput justification)
            throws PortException {
        try {
            var session = gateway.start(
                    new TargetChoice(
                            kubeconfig,
                            target.context(),
                            target.namespace(),
                            target.target(),
                            // Left empty, the session logs in to the database the target's Secret names.
                            target.database().isBlank() ? null : target.database()),
                    new Justification(
                            justification.reason(),
                            justification.ticket(),
                            justification.duration(),
                            AccessMode.READ_ONLY));
            return new SessionHandleAdapter(session, AfterSession.of(gateway, Clock.systemUTC()));
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public ExportWriter exportWriter() {
        return (format, columns, rows, file) -> {
            try {
                ResultFormatting.export(format, columns, rows, file);
            } catch (SessionFailure e) {
                throw new java.io.IOException(e.getMessage(), e);
            }
        };
    }
}
