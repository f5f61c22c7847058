package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA and a server certificate it signed (CN and SANs {@code localhost}, {@code 127.0.0.1}), made with
 * GnuTLS's certtool, the tool rsyslog's gtls driver comes with; and a second, unrelated CA for the wrong-CA case.
 */
public record TestCertificates(Path caFile, Path serverCert, Path serverKey, Path otherCaFile) {

    private static final Path CERTTOOL = Path.of("/usr/bin/certtool");

    /** Writes every file into {@code dir}. */
    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(CERTTOOL)) {
            throw new IllegalStateException(CERTTOOL + " is missing: apt-get install -y gnutls-bin");
        }
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.pem");
        selfSignedCa(dir, caKey, ca, "breakglass test syslog CA");
        Path serverKey = dir.resolve("server.key");
        Path server = dir.resolve("server.pem");
        Path template = Files.writeString(dir.resolve("server.tmpl"), """
                cn = "localhost"
                dns_name = "localhost"
                ip_address = "127.0.0.1"
                tls_www_server
                signing_key
                encryption_key
                expiration_days = 2
                """);
        certtool("--generate-privkey", "--key-type=rsa", "--bits=2048", "--outfile", serverKey.toString());
        certtool(
                "--generate-certificate",
                "--load-privkey",
                serverKey.toString(),
                "--load-ca-certificate",
                ca.toString(),
                "--load-ca-privkey",
                caKey.toString(),
                "--template",
                template.toString(),
                "--outfile",
                server.toString());
        Path otherKey = dir.resolve("other-ca.key");
        Path other = dir.resolve("other-ca.pem");
        selfSignedCa(dir, otherKey, other, "an unrelated CA");
        return new TestCertificates(ca, server, serverKey, other);
    }

    private static void selfSignedCa(Path dir, Path key, Path cert, String cn)
            throws IOException, InterruptedException {
        Path template = Files.writeString(dir.resolve(key.getFileName() + ".tmpl"), """
                cn = "%s"
                ca
                cert_signing_key
                expiration_days = 2
                """.formatted(cn));
        certtool("--generate-privkey", "--key-type=rsa", "--bits=2048", "--outfile", key.toString());
        certtool(
                "--generate-self-signed",
                "--load-privkey",
                key.toString(),
                "--template",
                template.toString(),
                "--outfile",
                cert.toString());
    }

    private static void certtool(String... args) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(CERTTOOL.toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("certtool " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
