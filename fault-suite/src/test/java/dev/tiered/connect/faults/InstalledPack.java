package dev.tiered.connect.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The component archive built by {@code packaging/}, unzipped once per test JVM into a plugin.path folder, as a user
 * installs it. Every worker of the suite loads the pack from there; none of it is on the test classpath.
 */
public final class InstalledPack {

    public static final String ROUTER = "dev.tiered.connect.transforms.PriorityRouter";
    public static final String GENERATOR = "dev.tiered.connect.datagen.EventGeneratorSourceConnector";
    public static final String S3_SINK = "dev.tiered.connect.s3.S3ParquetSinkConnector";
    public static final String CDC_SOURCE = "dev.tiered.connect.cdc.postgres.PostgresCdcSourceConnector";

    private static Path pluginPath;

    private InstalledPack() {
    }

    /** The plugin.path folder holding the unzipped archive; unzips it on first use. */
    public static synchronized Path pluginPath() {
        if (pluginPath == null) {
            Path archive = Paths.get(System.getProperty("tiered.archive", "../packaging/target/missing.zip"));
            if (!Files.isRegularFile(archive)) {
                throw new IllegalStateException("The component archive " + archive + " is missing: build it with"
                        + " `./mvnw -pl fault-suite -am verify` (the packaging module makes it)");
            }
            try {
                Path target = Files.createDirectories(Paths.get("target", "fault-suite-plugins")).toAbsolutePath();
                unzip(archive, target);
                pluginPath = target;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not unzip " + archive + ": " + e.getMessage(), e);
            }
        }
        return pluginPath;
    }

    private static void unzip(Path archive, Path target) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("Archive entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
