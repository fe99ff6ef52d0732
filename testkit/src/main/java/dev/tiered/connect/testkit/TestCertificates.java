package dev.tiered.connect.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority made at test time with the JDK's {@code keytool} (no extra dependency): a CA
 * certificate, a PostgreSQL server certificate and key for {@code 127.0.0.1} and {@code localhost}, and client
 * keystores, all PEM or PKCS-12 files in one folder.
 *
 * <pre>{@code
 * TestCertificates tls = TestCertificates.create(tempDir);
 * PostgresTestServer pg = PostgresTestServer.dedicated(tls.postgresSettings());
 * // connector: database.sslmode=verify-full, database.sslrootcert=tls.caCertificate()
 * }</pre>
 */
public final class TestCertificates {

    private static final String STORE_PASSWORD = "tiered-ca-store";
    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();

    private final Path directory;
    private final Path caStore;
    private final Path caCertificate;
    private final Path serverCertificate;
    private final Path serverKey;

    private TestCertificates(Path directory) {
        this.directory = directory;
        this.caStore = directory.resolve("ca.p12");
        this.caCertificate = directory.resolve("ca.pem");
        this.serverCertificate = directory.resolve("server.pem");
        this.serverKey = directory.resolve("server.key");
    }

    /** A new CA (its name made unique) in {@code directory}, and a server certificate for 127.0.0.1 and localhost. */
    public static TestCertificates create(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates certificates = new TestCertificates(directory);
        certificates.keytool("-genkeypair", "-keystore", certificates.caStore.toString(), "-alias", "ca",
                "-dname", "CN=Tiered Test CA " + UUID.randomUUID(), "-ext", "bc:c");
        certificates.keytool("-exportcert", "-rfc", "-keystore", certificates.caStore.toString(), "-alias", "ca",
                "-file", certificates.caCertificate.toString());
        certificates.writeServerCertificate("ip:127.0.0.1", "dns:localhost");
        return certificates;
    }

    /** The CA certificate (PEM): the client's {@code sslrootcert}, the server's {@code ssl_ca_file}. */
    public Path caCertificate() {
        return caCertificate;
    }

    /** The server certificate (PEM), signed by the CA. */
    public Path serverCertificate() {
        return serverCertificate;
    }

    /** The server's private key (PKCS-8 PEM, mode 0600 as PostgreSQL requires). */
    public Path serverKey() {
        return serverKey;
    }

    /**
     * Settings for {@link PostgresTestServer#dedicated(Map)}: TLS on with this server certificate, and client
     * certificates (optional, as pg_hba does not demand them) verified against this CA.
     */
    public Map<String, String> postgresSettings() {
        return Map.of("ssl", "on",
                "ssl_cert_file", serverCertificate.toString(),
                "ssl_key_file", serverKey.toString(),
                "ssl_ca_file", caCertificate.toString());
    }

    /**
     * (Re)writes the server certificate and key with these subject alternative names ({@code ip:...}, {@code
     * dns:...}); a running server picks them up on {@code SELECT pg_reload_conf()}.
     */
    public void writeServerCertificate(String... subjectAlternativeNames) {
        Path store = directory.resolve("server-" + UUID.randomUUID() + ".p12");
        Path request = directory.resolve("server.csr");
        keytool("-genkeypair", "-keystore", store.toString(), "-alias", "server", "-dname", "CN=tiered-test-server");
        keytool("-certreq", "-keystore", store.toString(), "-alias", "server", "-file", request.toString());
        keytool("-gencert", "-rfc", "-keystore", caStore.toString(), "-alias", "ca", "-infile", request.toString(),
                "-outfile", serverCertificate.toString(), "-ext", "san=" + String.join(",", subjectAlternativeNames),
                "-ext", "eku=serverAuth");
        writePrivateKeyPem(store, "server", serverKey);
    }

    /**
     * A PKCS-12 keystore holding a client certificate for {@code commonName} signed by the CA and its key, under the
     * alias {@code user} that pgjdbc looks for, protected by {@code password} (pgjdbc's {@code sslpassword}).
     */
    public Path clientKeystore(String commonName, String password) {
        Path store = directory.resolve("client-" + UUID.randomUUID() + ".p12");
        Path request = directory.resolve("client.csr");
        Path signed = directory.resolve("client.pem");
        String path = store.toString();
        keytoolWithPassword(password, "-genkeypair", "-keystore", path, "-alias", "user", "-dname", "CN=" + commonName);
        keytoolWithPassword(password, "-certreq", "-keystore", path, "-alias", "user", "-file", request.toString());
        keytool("-gencert", "-rfc", "-keystore", caStore.toString(), "-alias", "ca", "-infile", request.toString(),
                "-outfile", signed.toString(), "-ext", "eku=clientAuth");
        keytoolWithPassword(password, "-importcert", "-noprompt", "-keystore", path, "-alias", "ca", "-file",
                caCertificate.toString());
        keytoolWithPassword(password, "-importcert", "-noprompt", "-keystore", path, "-alias", "user", "-file",
                signed.toString());
        return store;
    }

    private void writePrivateKeyPem(Path store, String alias, Path target) {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, STORE_PASSWORD.toCharArray());
            Key key = keyStore.getKey(alias, STORE_PASSWORD.toCharArray());
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            key.getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Files.deleteIfExists(target);
            Files.createFile(target,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(target, pem, StandardCharsets.US_ASCII);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not write the private key of " + store + ": " + e, e);
        }
    }

    private void keytool(String... arguments) {
        keytoolWithPassword(STORE_PASSWORD, arguments);
    }

    private void keytoolWithPassword(String storePassword, String... arguments) {
        List<String> command = new ArrayList<>(List.of(KEYTOOL));
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", storePassword));
        if (arguments[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", "3"));
        } else if (arguments[0].equals("-gencert")) {
            command.addAll(List.of("-validity", "3"));
        }
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run " + KEYTOOL, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running keytool", e);
        }
    }
}
