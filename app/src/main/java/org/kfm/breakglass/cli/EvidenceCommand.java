package org.kfm.breakglass.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.kfm.breakglass.evidence.PackExport;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.text.TerminalText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code breakglass evidence [DIR] --session ID --out FILE.zip [--reconcile]}: a sealed session's evidence pack
 * (ADR 0014), signed with the journal's seal key when the policy configures one; {@code evidence verify FILE.zip}
 * checks a pack offline.
 */
@Command(
        name = "evidence",
        mixinStandardHelpOptions = true,
        description = "Write a sealed session's evidence pack (zip, 0600, never overwritten); 'evidence verify'"
                + " checks one offline.",
        subcommands = {EvidenceCommand.Verify.class})
public final class EvidenceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AfterSessionOptions options;

    // Not picocli-required: picocli would then require them of 'evidence verify' too; call() checks them.
    @Option(names = "--session", description = "The session's id (audit show lists them); required.")
    String session;

    @Option(names = "--out", description = "The zip to write (must not exist); required.")
    Path out;

    @Option(
            names = "--reconcile",
            description = "Reconcile the session with the server's log first (journaled) and pack the report.")
    boolean reconcile;

    @Override
    public Integer call() {
        if (session == null || out == null) {
            spec.commandLine()
                    .getErr()
                    .println("evidence: name the session and the file: evidence [DIR] --session ID --out FILE.zip"
                            + " (or evidence verify FILE.zip)");
            return 2;
        }
        try {
            var written = PackExport.write(
                    options.afterSession(),
                    options.dir(),
                    session,
                    out,
                    reconcile,
                    options.kubeconfig(),
                    options.context());
            var o = spec.commandLine().getOut();
            written.reconciliation().ifPresent(r -> o.print(TerminalText.escape(r.text())));
            var result = written.result();
            o.println("wrote " + TerminalText.escape(result.file().toString()) + " ("
                    + (result.signed() ? "signed" : "unsigned: no audit.signingKey in the policy") + ", "
                    + result.entries().size() + " entries)");
            o.println("manifest sha256 " + result.manifestSha256() + " (give it to audit review --evidence)");
            return written.reconciliation().map(r -> r.exitCode()).orElse(0);
        } catch (SessionFailure e) {
            spec.commandLine().getErr().println("evidence: " + e.getMessage());
            return e.kind().exitCode();
        }
    }

    /** Exit 0 when the pack is intact, 1 naming the first problem, 2 when it or a key cannot be read. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Check an evidence pack offline: entries, hashes, signature, the journal run and the"
                    + " statement list recomputed from it (exit 0 intact, 1 broken, 2 unreadable).")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE.zip", description = "The evidence pack.")
        Path pack;

        @Option(
                names = "--public-key",
                description = "Ed25519 public key (PEM or DER) the pack must be signed with; repeat for several"
                        + " (default: the policy's audit.seal.publicKey, else the key the pack names).")
        List<Path> publicKeys = new ArrayList<>();

        @Option(names = "--policy", description = "Policy file (default: BREAKGLASS_POLICY, then XDG config).")
        Path policy;

        @Override
        public Integer call() {
            try {
                var verification = PackExport.verify(
                        pack, publicKeys, AfterSession.create(Optional.ofNullable(policy), Optional.empty()));
                spec.commandLine().getOut().println(TerminalText.escape(verification.summary()));
                return verification.ok() ? 0 : 1;
            } catch (SessionFailure e) {
                spec.commandLine().getErr().println("evidence verify: " + e.getMessage());
                return e.kind().exitCode();
            }
        }
    }
}
