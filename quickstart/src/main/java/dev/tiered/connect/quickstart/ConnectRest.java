package dev.tiered.connect.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Connect REST calls the quickstart makes, against the worker users reach with curl. */
final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    ConnectRest(int port) {
        this.base = URI.create("http://localhost:" + port + "/");
    }

    URI base() {
        return base;
    }

    /** Creates or updates a connector: {@code PUT /connectors/<name>/config}. */
    void putConnector(String name, Map<String, String> config) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(base.resolve("connectors/" + name + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(config))));
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("Connect refused connector " + name + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
    }

    /**
     * Waits until the connector and all its tasks are RUNNING; throws with the worker's trace if one FAILED.
     */
    void awaitRunning(String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no status yet";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    base.resolve("connectors/" + name + "/status")).GET());
            if (response.statusCode() == 200) {
                JsonNode status = read(response.body());
                last = response.body();
                checkNotFailed(name, "connector", status.path("connector"));
                boolean running = "RUNNING".equals(status.path("connector").path("state").asText())
                        && !status.path("tasks").isEmpty();
                for (JsonNode task : status.path("tasks")) {
                    checkNotFailed(name, "task " + task.path("id").asText(), task);
                    running &= "RUNNING".equals(task.path("state").asText());
                }
                if (running) {
                    return;
                }
            }
            pause();
        }
        throw new IllegalStateException("Connector " + name + " not running within " + timeout + ": " + last);
    }

    /** Waits until {@code GET /} answers. */
    void awaitUp(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(base).GET()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + base, e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The Connect REST API at " + base + " did not answer within " + timeout);
            }
            pause();
        }
    }

    private static void checkNotFailed(String connector, String what, JsonNode state) {
        if ("FAILED".equals(state.path("state").asText())) {
            String trace = state.path("trace").asText("");
            throw new IllegalStateException("Connector " + connector + ": " + what + " FAILED: "
                    + trace.lines().limit(3).reduce((a, b) -> a + " | " + b).orElse("(no trace)"));
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Connect REST call to " + base + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + base, e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable answer from Connect: " + body, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
