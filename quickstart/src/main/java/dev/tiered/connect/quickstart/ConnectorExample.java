package dev.tiered.connect.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A REST payload from config-examples/ ({@code {"name": ..., "config": {...}}}) with the few values this machine
 * needs instead: endpoints, credentials, ports and sizes. Everything else is submitted exactly as written in the file,
 * and the keys replaced are listed (never their values: some are secrets).
 */
final class ConnectorExample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final String name;
    private final Map<String, String> config;
    private final List<String> replaced = new ArrayList<>();

    private ConnectorExample(Path file, String name, Map<String, String> config) {
        this.file = file;
        this.name = name;
        this.config = config;
    }

    static ConnectorExample load(Path examples, String fileName) {
        Path file = examples.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("The connector configuration " + file + " is missing");
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            String name = root.path("name").asText();
            JsonNode config = root.path("config");
            if (name.isEmpty() || !config.isObject()) {
                throw new IllegalArgumentException(file + " is not a Connect REST payload {\"name\": ..., \"config\": {...}}");
            }
            Map<String, String> values = new LinkedHashMap<>();
            config.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
            return new ConnectorExample(file, name, values);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Replaces a value the file sets. */
    ConnectorExample set(String key, String value) {
        if (!config.containsKey(key)) {
            throw new IllegalArgumentException(file + " has no '" + key + "'; the quickstart expects the example to"
                    + " set it");
        }
        config.put(key, value);
        replaced.add(key);
        return this;
    }

    /** Adds a key the example leaves at its default because it is right for a real cluster but not for this one. */
    ConnectorExample add(String key, String value) {
        config.put(key, value);
        replaced.add(key);
        return this;
    }

    String name() {
        return name;
    }

    Path file() {
        return file;
    }

    String get(String key) {
        return config.get(key);
    }

    Map<String, String> config() {
        return Map.copyOf(config);
    }

    List<String> replacedKeys() {
        return List.copyOf(replaced);
    }
}
