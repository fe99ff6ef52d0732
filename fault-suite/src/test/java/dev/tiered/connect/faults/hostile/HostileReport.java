package dev.tiered.connect.faults.hostile;

import dev.tiered.connect.faults.hostile.HostileStream.Expect;
import dev.tiered.connect.faults.hostile.HostileStream.Sent;
import dev.tiered.connect.faults.hostile.StoredRows.Row;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks each record's outcome (route, router error header, S3 row or DLQ entry) against what it expects, collects
 * every deviation, and tabulates per hostile kind what happened, from the measured outcomes only.
 */
public final class HostileReport {

    private final String topic;
    private final Map<String, Map<String, Integer>> outcomes = new LinkedHashMap<>();
    private final Map<String, Integer> sentByKind = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int goodDelivered;
    private int goodLost;
    private int goodDuplicated;
    private int goodMisrouted;

    /** {@code topic} is the run's topic name, shown as {@code {topic}} so the report does not change per run. */
    public HostileReport(String topic) {
        this.topic = topic;
    }

    /** {@code route} is the topic the router sent it to; {@code rows} its S3 rows; {@code letter} its DLQ entry. */
    public void record(Sent sent, String route, List<Row> rows, DeadLetters letter) {
        sentByKind.merge(sent.kind(), 1, Integer::sum);
        String routerError = !rows.isEmpty() ? rows.get(0).headers().get("tiered.error")
                : letter != null ? letter.routerError() : null;
        if (!sent.good()) {
            String what = ("| " + route + (routerError == null ? "" : ", " + escape(routerError)) + " | "
                    + sinkOutcome(sent, rows, letter)).replace(topic, "{topic}");
            outcomes.computeIfAbsent(sent.kind(), k -> new LinkedHashMap<>()).merge(what, 1, Integer::sum);
        }
        String name = sent.id() != null ? sent.id() : sent.kind() + " " + abbreviate(sent.line());
        if (rows.size() > 1) {
            failures.add(name + " written " + rows.size() + " times");
        }
        if (sent.route() != null && !sent.route().equals(route)) {
            failures.add(name + " routed " + route + ", expected " + sent.route());
            if (sent.good()) {
                goodMisrouted++;
            }
        }
        if (sent.routerError() == null ? routerError != null
                : routerError == null || !routerError.contains(sent.routerError())) {
            failures.add(name + " has router error header " + routerError + ", expected "
                    + (sent.routerError() == null ? "none" : "one naming " + sent.routerError()));
        }
        switch (sent.expect()) {
            case WRITTEN -> checkWritten(sent, name, route, rows, letter);
            case DLQ_CONVERTER, DLQ_SINK -> checkDeadLettered(sent, name, rows, letter);
            case IGNORED -> {
                if (!rows.isEmpty() || letter != null) {
                    failures.add(name + " was not ignored: " + sinkOutcome(sent, rows, letter));
                }
            }
        }
    }

    public List<String> failures() {
        return failures;
    }

    public int goodDelivered() {
        return goodDelivered;
    }

    private void checkWritten(Sent sent, String name, String route, List<Row> rows, DeadLetters letter) {
        if (sent.good()) {
            if (rows.isEmpty()) {
                goodLost++;
            } else {
                goodDelivered++;
                goodDuplicated += rows.size() - 1;
            }
        }
        if (rows.isEmpty()) {
            failures.add(name + " not written: "
                    + (letter == null ? "lost" : letter.summary() + "\n" + abbreviate(letter.stackTrace())));
            return;
        }
        Row row = rows.get(0);
        if (!Objects.equals(sent.id(), row.id())) {
            failures.add(name + " stored with id " + row.id());
        }
        if (!route.equals(row.headers().get("tiered.route"))) {
            failures.add(name + " on the " + route + " topic has route header " + row.headers());
        }
        if (!row.objectKey().contains("/" + sent.directory() + "/")) {
            failures.add(name + " in " + row.objectKey() + ", expected directory " + sent.directory());
        }
        if (name.startsWith("h-big") && row.blobLength() != HostileRecords.BIG_BYTES) {
            failures.add(name + " blob of " + row.blobLength() + " bytes");
        }
    }

    private void checkDeadLettered(Sent sent, String name, List<Row> rows, DeadLetters letter) {
        if (letter == null) {
            failures.add(name + " not in the DLQ; rows " + rows);
            return;
        }
        String stage = sent.expect() == Expect.DLQ_CONVERTER ? "VALUE_CONVERTER" : "TASK_PUT";
        if (!stage.equals(letter.stage()) || !(letter.message() + letter.stackTrace()).contains(sent.dlqReason())) {
            failures.add(name + ": expected " + stage + " naming '" + sent.dlqReason() + "', got "
                    + letter.summary() + "\n" + abbreviate(letter.stackTrace()));
        }
    }

    private static String sinkOutcome(Sent sent, List<Row> rows, DeadLetters letter) {
        if (letter != null) {
            return "DLQ: " + escape(letter.summary());
        }
        if (rows.isEmpty()) {
            return sent.expect() == Expect.IGNORED ? "null value, skipped (behavior.on.null.values=ignore)" : "LOST";
        }
        Row row = rows.get(0);
        String key = row.objectKey();
        String directory = key.substring(key.indexOf('/', key.indexOf('/') + 1) + 1, key.lastIndexOf('/'));
        return "written to `" + escape(directory) + "/`" + (row.blobLength() > 0
                ? String.format(" (%,d-byte field read back whole)", row.blobLength()) : "")
                + (row.columns() > 1000 ? String.format(" (%,d columns)", row.columns()) : "");
    }

    /** The report section: one row per hostile kind and outcome, then the good records' tally. */
    public String markdown(String intro) {
        StringBuilder md = new StringBuilder(intro.strip()).append("\n\n")
                .append("| Hostile input | Sent | Router: route, error header | Sink |\n|---|---:|---|---|\n");
        outcomes.forEach((kind, what) -> what.forEach((outcome, count) -> md.append("| ").append(kind)
                .append(" | ").append(count).append(" ").append(outcome).append(" |\n")));
        md.append("\n| Good records | Sent | Delivered once | Lost | Duplicated | Misrouted |\n")
                .append("|---|---:|---:|---:|---:|---:|\n")
                .append("| all | ").append(sentByKind.getOrDefault(HostileStream.GOOD, 0)).append(" | ")
                .append(goodDelivered).append(" | ").append(goodLost).append(" | ").append(goodDuplicated)
                .append(" | ").append(goodMisrouted).append(" |\n");
        return md.toString();
    }

    /** Control and bidi characters as {@code \\uXXXX}, table pipes escaped, long runs of one character counted. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        int[] codePoints = text.codePoints().toArray();
        for (int i = 0; i < codePoints.length; i++) {
            int c = codePoints[i];
            int run = 1;
            while (i + run < codePoints.length && codePoints[i + run] == c) {
                run++;
            }
            if (run > 8) {
                out.appendCodePoint(c).append("…(×").append(run).append(')');
                i += run - 1;
            } else if (c < 0x20 || c == 0x7F || c == 0x202E) {
                out.append(String.format("\\u%04X", c));
            } else if (c == '|') {
                out.append("\\|");
            } else {
                out.appendCodePoint(c);
            }
        }
        return out.toString();
    }

    private static String abbreviate(String text) {
        return text == null ? "null" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
