package dev.tiered.connect.faults.hostile;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A dead letter queue entry as its {@code __connect.errors.*} context headers describe it, with the router's error
 * header the original record carried.
 */
public record DeadLetters(long offset, String topic, String stage, String exceptionClass, String message,
                          String stackTrace, String routerError) {

    public static DeadLetters of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith("__connect.errors.") && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        String offset = headers.get("__connect.errors.offset");
        return new DeadLetters(offset == null ? -1 : Long.parseLong(offset), headers.get("__connect.errors.topic"),
                headers.get("__connect.errors.stage"), headers.get("__connect.errors.exception.class.name"),
                headers.get("__connect.errors.exception.message"),
                headers.getOrDefault("__connect.errors.exception.stacktrace", ""), routerError(record));
    }

    private static String routerError(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader("tiered.error");
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Stage, the exception's simple class name and message and its root cause, on one line, for the report. */
    public String summary() {
        String simple = exceptionClass == null ? "?" : exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
        String text = oneLine(message);
        int cause = stackTrace.lastIndexOf("Caused by: ");
        if (cause >= 0) {
            String line = stackTrace.substring(cause + "Caused by: ".length()).lines().findFirst().orElse("");
            text += " — caused by " + oneLine(line.substring(line.lastIndexOf('.', Math.max(0, line.indexOf(':')))
                    + 1));
        }
        return stage + " " + simple + ": " + text;
    }

    private static String oneLine(String text) {
        String line = text == null ? "" : text.replaceAll("\\s+", " ").strip();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
