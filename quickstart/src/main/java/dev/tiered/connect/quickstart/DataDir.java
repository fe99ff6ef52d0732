package dev.tiered.connect.quickstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The quickstart's directory: {@code plugins/} (the component archive, unzipped: the workers' plugin.path),
 * {@code s3/} (s3proxy's filesystem back end: every object is the plain file {@code s3/<bucket>/<key>}),
 * {@code quickstart.log}, {@code report.txt} and {@code report.json}. A previous quickstart's data is replaced; a
 * directory that is not a quickstart's is never touched.
 */
final class DataDir {

    private static final String MARKER = ".tiered-quickstart";

    private final Path root;

    private DataDir(Path root) {
        this.root = root;
    }

    /** Creates or reclaims {@code root}; throws {@link IllegalArgumentException} if it holds anything else. */
    static DataDir prepare(Path root) {
        try {
            if (Files.exists(root)) {
                if (!Files.isDirectory(root)) {
                    throw new IllegalArgumentException("--data-dir " + root + " is a file, not a directory");
                }
                boolean empty;
                try (Stream<Path> entries = Files.list(root)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(root.resolve(MARKER))) {
                    throw new IllegalArgumentException("--data-dir " + root + " is not empty and was not made by the "
                            + "quickstart; choose another directory (the quickstart replaces what it finds there)");
                }
                for (String child : List.of("plugins", "s3", "report.json", "report.txt", "quickstart.log")) {
                    deleteRecursively(root.resolve(child));
                }
            }
            Files.createDirectories(root);
            Files.writeString(root.resolve(MARKER), "made by Tiered Connect's quickstart; safe to delete\n");
            return new DataDir(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    Path root() {
        return root;
    }

    Path plugins() {
        return root.resolve("plugins");
    }

    Path s3() {
        return root.resolve("s3");
    }

    Path log() {
        return root.resolve("quickstart.log");
    }

    Path reportJson() {
        return root.resolve("report.json");
    }

    Path reportText() {
        return root.resolve("report.txt");
    }

    /**
     * Unzips the archive into {@code plugins/} the way users install it and returns the component's directory
     * (the one holding {@code manifest.json} and {@code lib/}).
     */
    Path install(Path archive) {
        Path target = plugins();
        try {
            Files.createDirectories(target);
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    Path out = target.resolve(entry.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("archive entry outside the target directory: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(zip, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(target, Files::isDirectory)) {
                for (Path dir : dirs) {
                    if (Files.exists(dir.resolve("manifest.json"))) {
                        return dir;
                    }
                }
            }
            throw new IllegalStateException(archive + " holds no component (no <dir>/manifest.json)");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unzip " + archive + " into " + target + ": " + e.getMessage(), e);
        }
    }

    /** The archive to install: the option, else {@code -Dtiered.archive}, else packaging/target/tiered-connect-*.zip. */
    static Path findArchive(Optional<Path> option) {
        if (option.isPresent()) {
            return option.get();
        }
        String property = System.getProperty("tiered.archive");
        if (property != null && Files.isRegularFile(Paths.get(property))) {
            return Paths.get(property).toAbsolutePath();
        }
        Path target = Paths.get("packaging", "target").toAbsolutePath();
        List<Path> zips = new ArrayList<>();
        if (Files.isDirectory(target)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(target, "tiered-connect-*.zip")) {
                files.forEach(zips::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return zips.stream().max(Comparator.comparing(DataDir::modified)).orElseThrow(() -> new IllegalArgumentException(
                "No component archive: build it with ./mvnw -DskipTests package (it lands in " + target
                        + "), or pass --archive <zip>"));
    }

    /** The connector configurations: the option, else {@code -Dtiered.examples}, else ./config-examples, else etc/. */
    static Path findExamples(Optional<Path> option, Path installedComponent) {
        if (option.isPresent()) {
            return option.get();
        }
        String property = System.getProperty("tiered.examples");
        if (property != null && Files.isDirectory(Paths.get(property))) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        Path local = Paths.get("config-examples").toAbsolutePath();
        return Files.isDirectory(local) ? local : installedComponent.resolve("etc");
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
