package dev.tiered.connect.faults.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tiered.connect.faults.hostile.HostileStream.Expect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hostile run's stream: good records with every kind of hostile record in between. Expected directories are
 * spelled out literally (Hive's percent-escaping of slashes, quotes, colons and the like, of control characters, and
 * of values that are just dots), not computed with the sink's own escaper, so a change in the escaper shows here.
 */
public final class HostileRecords {

    public static final String PARTITION_FIELD = "region";
    public static final String DEFAULT_PARTITION = "__HIVE_DEFAULT_PARTITION__";
    public static final int BIG_BYTES = 10 * 1024 * 1024;
    public static final int WIDE_FIELDS = 10_000;
    public static final int FLIPS = 100;
    private static final List<String> GOOD_REGIONS = List.of("eu", "us", "apac");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HostileRecords() {
    }

    /** {@code goods} good records; after every few of them the next hostile one; the schema flips last. */
    public static HostileStream build(int goods) {
        HostileStream hostile = new HostileStream();
        addHostile(hostile);
        List<HostileStream.Sent> hostileRecords = List.copyOf(hostile.records());
        HostileStream stream = new HostileStream();
        int every = Math.max(1, goods / (hostileRecords.size() + 1));
        int next = 0;
        for (int i = 0; i < goods; i++) {
            addGood(stream, i);
            if (i % every == every - 1 && next < hostileRecords.size()) {
                stream.add(hostileRecords.get(next++));
            }
        }
        hostileRecords.subList(next, hostileRecords.size()).forEach(stream::add);
        for (int i = 0; i < FLIPS; i++) {
            stream.written("schema flip (a field's type changes on every record)", "f-" + i, flip(i), "region=flip",
                    null);
        }
        // Last, a good record: the run is complete once the sink committed past it.
        addGood(stream, goods);
        return stream;
    }

    /** The route the router's rules give a good record: big amounts, gold tier or priority >= 0.9 are hot. */
    private static void addGood(HostileStream stream, int i) {
        long amount = (i * 37L) % 2000;
        String tier = i % 7 == 0 ? "gold" : "silver";
        double priority = (i % 10) / 10.0;
        String region = GOOD_REGIONS.get(i % GOOD_REGIONS.size());
        boolean hot = amount > 1000 || tier.equals("gold") || priority >= 0.9;
        ObjectNode value = JSON.createObjectNode().put("id", "g-" + i).put(PARTITION_FIELD, region)
                .put("amount", amount).put("tier", tier).put("priority", priority);
        stream.good("g-" + i, value.toString(), "region=" + region, hot ? "hot" : "cold");
    }

    private static void addHostile(HostileStream s) {
        // Not JSON: the router cannot score them (cold, with its error header); the sink's converter rejects them.
        s.deadLettered("malformed JSON", "{\"id\":\"h-malformed\",\"region\":\"eu\",", "not valid JSON",
                Expect.DLQ_CONVERTER, "Unexpected end-of-input");
        s.deadLettered("malformed JSON", "\uFFFD\uFFFD\u0001{garbage", "not valid JSON", Expect.DLQ_CONVERTER,
                "JsonParseException");

        // Wrong types for the router's fields: scored as errors, routed cold with the error in a header, written.
        s.written("router field of the wrong type", "h-amount-text",
                value("h-amount-text", "eu").put("amount", "lots").toString(), "region=eu", "amount");
        s.written("router field of the wrong type", "h-amount-object",
                value("h-amount-object", "eu").set("amount", JSON.createObjectNode().put("v", 5000)).toString(),
                "region=eu", "amount");
        s.written("router field of the wrong type", "h-priority-text",
                value("h-priority-text", "us").put("priority", "urgent").toString(), "region=us", "priority");
        s.written("router field of the wrong type", "h-tier-number",
                value("h-tier-number", "us").put("tier", 7).toString(), "region=us", "tier");

        // Wrong types for the partitioner's field: no directory can name them.
        s.deadLettered("partition field of the wrong type",
                value("h-region-object", null).set(PARTITION_FIELD, JSON.createObjectNode().put("x", 1)).toString(),
                null, Expect.DLQ_SINK, "partition field 'region' is a map");
        s.deadLettered("partition field of the wrong type",
                value("h-region-array", null).set(PARTITION_FIELD, JSON.createArrayNode().add(1).add(2)).toString(),
                null, Expect.DLQ_SINK, "partition field 'region' is an array");
        s.written("partition field of the wrong type", "h-region-number",
                value("h-region-number", null).put(PARTITION_FIELD, 42).toString(), "region=42", null);
        s.written("partition field of the wrong type", "h-region-boolean",
                value("h-region-boolean", null).put(PARTITION_FIELD, true).toString(), "region=true", null);

        // Partition values that try to leave the topic's prefix or break the key.
        pathValue(s, "h-dotdot-slash", "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd");
        pathValue(s, "h-absolute", "/abs/path", "%2Fabs%2Fpath");
        pathValue(s, "h-dot", ".", "%2E");
        pathValue(s, "h-dotdot", "..", "%2E%2E");
        pathValue(s, "h-unicode", "Zürich-東京-🚀", "Zürich-東京-🚀");
        pathValue(s, "h-rtl", "\u202Eevil", "\u202Eevil");
        pathValue(s, "h-control", "tab\tnl\nnul\u0000del\u007f", "tab%09nl%0Anul%00del%7F");
        pathValue(s, "h-empty", "", DEFAULT_PARTITION);
        pathValue(s, "h-percent", "%2F", "%252F");
        pathValue(s, "h-windows", "C:\\win", "C%3A%5Cwin");
        pathValue(s, "h-hive-specials", "a=b?c#d*", "a%3Db%3Fc%23d%2A");
        pathValue(s, "h-spaces", " spaced ", " spaced ");
        String longValue = "L".repeat(3000);
        pathValue(s, "h-long", longValue, "L".repeat(495) + "~" + sha256Prefix(longValue));
        // A lone UTF-16 surrogate (JSON allows the escape; UTF-8 and S3 keys cannot hold it).
        s.written("partition value: lone surrogate", "h-surrogate",
                "{\"id\":\"h-surrogate\",\"region\":\"x\\ud800y\",\"amount\":1,\"tier\":\"silver\","
                        + "\"priority\":0.1}", "region=x\uFFFDy", null);
        s.written("partition value: null or missing", "h-region-null",
                value("h-region-null", null).putNull(PARTITION_FIELD).toString(), "region=" + DEFAULT_PARTITION,
                null);
        s.written("partition value: null or missing", "h-region-missing", value("h-region-missing", null).toString(),
                "region=" + DEFAULT_PARTITION, null);

        // Null and empty values (every record of the file source has a null key).
        s.add(new HostileStream.Sent("tombstone (null value, produced to the cold topic)", null, null,
                "k-tombstone", Expect.IGNORED, null, null, null, null));
        // JsonConverter reads "null" and an empty value as null: a tombstone. A top-level text, array or number is
        // no object the router's fields are in (they are just absent) and becomes the sink's one "value" column.
        s.add(new HostileStream.Sent("JSON null and empty value", null, "null", null, Expect.IGNORED, "cold", null,
                null, null));
        s.add(new HostileStream.Sent("JSON null and empty value", null, "", null, Expect.IGNORED, "cold", null, null,
                null));
        for (String primitive : List.of("\"\"", "[1,2,3]", "42")) {
            s.add(new HostileStream.Sent("top-level text, array or number", null, primitive, null, Expect.WRITTEN,
                    "cold", null, "region=" + DEFAULT_PARTITION, null));
        }

        // Size and shape.
        for (int i = 0; i < 2; i++) {
            s.written("10 MB record", "h-big-" + i,
                    value("h-big-" + i, "eu").put("blob", "b".repeat(BIG_BYTES)).toString(), "region=eu", null);
        }
        s.written("nesting depth 999 (below Jackson's 1,000)", "h-deep-999", nested("h-deep-999", 999), "region=eu",
                null);
        s.deadLettered("nesting depth 2,000 (beyond Jackson's 1,000)", nested("h-deep-2000", 2000), "StreamConstraintsException",
                Expect.DLQ_CONVERTER, "nesting depth");
        s.written("10,000 fields", "h-wide", wide("h-wide"), "region=wide", null);
    }

    private static void pathValue(HostileStream s, String id, String raw, String escaped) {
        s.written("partition value: " + describe(id), id, value(id, null).put(PARTITION_FIELD, raw).toString(),
                "region=" + escaped, null);
    }

    private static String describe(String id) {
        return switch (id) {
            case "h-dotdot-slash", "h-absolute", "h-dot", "h-dotdot", "h-windows" -> "path traversal";
            case "h-unicode", "h-rtl" -> "unicode";
            case "h-control" -> "control characters";
            case "h-empty" -> "empty string";
            case "h-long" -> "3,000 characters";
            default -> "escaped characters";
        };
    }

    /** A cold value: low amount, silver tier, low priority; region only if given. */
    private static ObjectNode value(String id, String region) {
        ObjectNode value = JSON.createObjectNode().put("id", id);
        if (region != null) {
            value.put(PARTITION_FIELD, region);
        }
        return value.put("amount", 1).put("tier", "silver").put("priority", 0.1);
    }

    /** A record whose {@code nest} field holds objects nested so that the whole document is {@code depth} deep. */
    private static String nested(String id, int depth) {
        int inner = depth - 1;
        return "{\"id\":\"" + id + "\",\"region\":\"eu\",\"amount\":1,\"tier\":\"silver\",\"priority\":0.1,"
                + "\"nest\":" + "{\"n\":".repeat(inner - 1) + "{}" + "}".repeat(inner - 1) + "}";
    }

    private static String wide(String id) {
        ObjectNode value = value(id, "wide");
        for (int i = 0; i < WIDE_FIELDS; i++) {
            value.put("w" + i, i);
        }
        return value.toString();
    }

    /** Alternates the type of {@code flip}: number, text, object, array, boolean, decimal. */
    private static String flip(int i) {
        ObjectNode value = value("f-" + i, "flip");
        switch (i % 6) {
            case 0 -> value.put("flip", i);
            case 1 -> value.put("flip", "text-" + i);
            case 2 -> value.set("flip", JSON.createObjectNode().put("inner", i));
            case 3 -> value.set("flip", JSON.createArrayNode().add(i));
            case 4 -> value.put("flip", i % 4 == 0);
            default -> value.put("flip", i + 0.5);
        }
        return value.toString();
    }

    /**
     * A JsonConverter envelope ({@code schemas.enable=true}) whose schema changes on every record: {@code v} is an
     * int32, a string, then a struct (with an extra optional field), in turn. Amounts above 1000 are hot.
     */
    public static String schemaFlip(int i) {
        String head = "{\"type\":\"struct\",\"optional\":false,\"fields\":[{\"field\":\"id\",\"type\":\"string\"},"
                + "{\"field\":\"region\",\"type\":\"string\"},{\"field\":\"amount\",\"type\":\"int64\"},";
        String id = "\"id\":\"s-" + i + "\",\"region\":\"r\",\"amount\":" + i * 50L;
        return switch (i % 3) {
            case 0 -> "{\"schema\":" + head + "{\"field\":\"v\",\"type\":\"int32\"}]},\"payload\":{" + id
                    + ",\"v\":" + i + "}}";
            case 1 -> "{\"schema\":" + head + "{\"field\":\"v\",\"type\":\"string\"}]},\"payload\":{" + id
                    + ",\"v\":\"t" + i + "\"}}";
            default -> "{\"schema\":" + head + "{\"field\":\"v\",\"type\":\"struct\",\"fields\":[{\"field\":"
                    + "\"x\",\"type\":\"int32\"}]},{\"field\":\"extra\",\"type\":\"string\",\"optional\":true}]},"
                    + "\"payload\":{" + id + ",\"v\":{\"x\":" + i + "},\"extra\":null}}";
        };
    }

    public static boolean schemaFlipIsHot(int i) {
        return i * 50L > 1000;
    }

    private static String sha256Prefix(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
