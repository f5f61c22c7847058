package org.kfm.breakglass.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The fake API server's TLS certificate, which is also its own CA.
 *
 * <p>fabric8's MockWebServer (8.0.0) makes a fresh self-signed RSA certificate for {@code CN=localhost} with
 * SANs {@code localhost} and {@code 127.0.0.1} on every https start and exposes its PEM file; trusting exactly
 * that certificate lets a normal client verify the connection.
 */
record TlsMaterial(String certificatePem, X509Certificate certificate) {

    static TlsMaterial fromPemFile(Path pem) {
        try {
            String text = Files.readString(pem, StandardCharsets.US_ASCII);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
            return new TlsMaterial(text, cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mock server's certificate " + pem, e);
        } catch (CertificateException e) {
            throw new IllegalStateException(
                    "the mock server's certificate " + pem + " is not a PEM X.509 certificate", e);
        }
    }

    /** The PEM, Base64-encoded once more, as kubeconfig's {@code certificate-authority-data} wants it. */
    String caData() {
        return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    }
}
