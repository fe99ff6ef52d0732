package dev.tiered.connect.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** docker/compose.yaml and the compose client on this machine: Compose v2 ({@code docker compose}) or v1.29. */
final class ComposeFile {

    private ComposeFile() {
    }

    /** The repository root (the reactor's parent folder). */
    static Path root() {
        return Paths.get(System.getProperty("tiered.root", "..")).toAbsolutePath().normalize();
    }

    static Path composeFile() {
        return root().resolve("docker").resolve("compose.yaml");
    }

    /** The compose client's command prefix, or empty when neither {@code docker compose} nor docker-compose works. */
    static Optional<List<String>> client() {
        if (run(List.of("docker", "compose", "version")).exitCode() == 0) {
            return Optional.of(List.of("docker", "compose"));
        }
        if (run(List.of("docker-compose", "version")).exitCode() == 0) {
            return Optional.of(List.of("docker-compose"));
        }
        return Optional.empty();
    }

    /** Runs {@code <client> -f docker/compose.yaml <args>} from the repository root. */
    static Result compose(List<String> client, String... args) {
        List<String> command = new ArrayList<>(client);
        command.add("-f");
        command.add(composeFile().toString());
        command.addAll(List.of(args));
        return run(command);
    }

    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static Result run(List<String> command) {
        return run(command, Map.of());
    }

    static Result run(List<String> command, Map<String, String> environment) {
        Path out = null;
        Path err = null;
        try {
            out = java.nio.file.Files.createTempFile("compose", ".out");
            err = java.nio.file.Files.createTempFile("compose", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Result(-1, "", "timed out: " + command);
            }
            return new Result(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, "", command + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted: " + command);
        } finally {
            for (Path file : new Path[] {out, err}) {
                if (file != null) {
                    file.toFile().delete();
                }
            }
        }
    }
}
