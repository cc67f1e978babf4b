package dev.udpm.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.OkHttpClient;

/**
 * TLS to an https object store whose certificate a private CA signed ({@code udpm.storage.ca-file}, e.g. MinIO in
 * Kubernetes): an HTTP client that trusts exactly the CA certificates of a PEM file, nothing else. Hostname
 * verification stays on.
 */
final class StorageTls {

    private StorageTls() {
    }

    /**
     * The CA certificates of {@code caFile}.
     *
     * @throws IllegalArgumentException naming the key and the file if it cannot be read or holds no certificate
     */
    static List<Certificate> certificates(Path caFile) {
        String where = "udpm.storage.ca-file=" + caFile;
        if (!Files.isReadable(caFile)) {
            throw new IllegalArgumentException(where + " is not a readable file: mount the CA certificate (PEM) there");
        }
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException(where + " holds no certificate: it must hold the PEM "
                        + "(-----BEGIN CERTIFICATE-----) of the CA that signed the object store's certificate");
            }
            return new ArrayList<>(certificates);
        } catch (CertificateException e) {
            throw new IllegalArgumentException(where + " holds no valid X.509 certificate (" + e.getMessage()
                    + "): it must hold the PEM of the CA that signed the object store's certificate", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(where + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** An HTTP client for the MinIO SDK that trusts only the CA certificates of {@code caFile}. */
    static OkHttpClient httpClient(Path caFile) {
        List<Certificate> certificates = certificates(caFile);
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                trusted.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            X509TrustManager trustManager = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    trustManager = x509;
                }
            }
            if (trustManager == null) {
                throw new IllegalStateException("the JDK offers no X509TrustManager");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustManager}, null);
            return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trustManager).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting udpm.storage.ca-file=" + caFile, e);
        }
    }
}
