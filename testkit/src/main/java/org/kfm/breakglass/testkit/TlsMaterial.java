package org.kfm.breakglass.testkit;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The fake API server's TLS certificate, which is also its own CA: a fresh self-signed RSA certificate for
 * {@code CN=localhost} with SANs {@code localhost} and {@code 127.0.0.1} (Go clients such as kubectl accept only
 * SANs), made with Bouncy Castle as fabric8's MockWebServer makes its own. Trusting exactly this certificate lets
 * a normal client verify the connection.
 */
final class TlsMaterial {

    private final String certificatePem;
    private final String privateKeyPem;
    private final X509Certificate certificate;

    private TlsMaterial(String certificatePem, String privateKeyPem, X509Certificate certificate) {
        this.certificatePem = certificatePem;
        this.privateKeyPem = privateKeyPem;
        this.certificate = certificate;
    }

    static TlsMaterial selfSigned() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=localhost");
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365))),
                    name,
                    keys.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
            X509CertificateHolder holder =
                    builder.build(new JcaContentSignerBuilder("SHA256WithRSA").build(keys.getPrivate()));
            String certPem = pem("CERTIFICATE", holder.getEncoded());
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(certPem.getBytes(StandardCharsets.US_ASCII)));
            return new TlsMaterial(certPem, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), cert);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot make the fake API server's TLS certificate: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    String certificatePem() {
        return certificatePem;
    }

    /** PKCS#8, for the server only; never written to a kubeconfig. */
    String privateKeyPem() {
        return privateKeyPem;
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** The PEM, Base64-encoded once more, as kubeconfig's {@code certificate-authority-data} wants it. */
    String caData() {
        return Base64.getEncoder().encodeToString(certificatePem.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + certificate.getSubjectX500Principal() + ", key=***]";
    }
}
