package dev.tiered.connect.faults.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A Connect REST client that keeps every response (method, path, status, body) for the secrets scan. */
public final class RestRecorder {

    /** One response. */
    public record Exchange(String method, String path, int status, String body) {
        @Override
        public String toString() {
            return method + " " + path + " -> " + status + "\n" + body;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final List<Exchange> exchanges = new ArrayList<>();

    public RestRecorder(String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public Exchange get(String path) {
        return send("GET", path, null);
    }

    public Exchange put(String path, String json) {
        return send("PUT", path, json);
    }

    public Exchange post(String path, String json) {
        return send("POST", path, json);
    }

    public Exchange delete(String path) {
        return send("DELETE", path, null);
    }

    /** Every response so far. */
    public synchronized List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private Exchange send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            Exchange exchange = new Exchange(method, path, response.statusCode(), response.body());
            synchronized (this) {
                exchanges.add(exchange);
            }
            return exchange;
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + method + " " + path, e);
        }
    }
}
