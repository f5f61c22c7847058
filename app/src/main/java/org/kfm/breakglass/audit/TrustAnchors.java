package org.kfm.breakglass.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS client sockets that trust exactly the CA certificates of one PEM file (a syslog server's private CA), with
 * the JDK's standard PKIX checks; host name verification is switched on by the sink that uses them.
 */
public final class TrustAnchors {

    private TrustAnchors() {}

    /**
     * @throws IOException naming the file when it cannot be read or holds no X.509 certificate
     */
    public static SSLSocketFactory trusting(Path pemFile) throws IOException {
        try (InputStream in = Files.newInputStream(pemFile)) {
            var certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IOException("CA file " + pemFile + " holds no certificate: give the PEM file of the CA"
                        + " that signed the syslog server's certificate");
            }
            var store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + n++, c);
            }
            var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            var context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IOException(
                    "CA file " + pemFile + " is not a PEM X.509 certificate file (" + e.getMessage() + ")", e);
        }
    }
}
