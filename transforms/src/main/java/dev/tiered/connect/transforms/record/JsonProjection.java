package dev.tiered.connect.transforms.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Reads from JSON text only what a known set of {@link FieldPath}s can reach: the document those paths see when it is
 * parsed whole by {@link JsonText#parse}, minus every field and list element none of them leads to. The parser still
 * reads every token (so invalid JSON and trailing tokens fail as they do for the whole parse), but skipped fields
 * build no strings, numbers, maps or lists. A path's last field keeps its whole value, exactly as the whole parse
 * builds it; the fields on the way to it become maps and lists holding only what some path needs (lists up to the
 * highest index needed). Resolving any of the paths on the result gives what it gives on the whole document,
 * including the difference between a missing field and a null one.
 *
 * <p>With envelope detection, the keys that recognise a JsonConverter schema wrapper ({@code schema.type},
 * {@code payload}) and a change event ({@code op}, {@code before}, {@code after}) are kept too, and data paths are
 * also followed under {@code payload}, {@code before} and {@code after}, wherever the document turns out to put them.
 * Immutable; {@link #parse} may run on any thread.
 */
final class JsonProjection {

    // The whole value of a path's last field, built by the same deserializer as the whole parse. Without the trailing
    // token check: here the parser stops in the middle of the document.
    private static final ObjectReader SUBTREE = JsonText.MAPPER.readerFor(Object.class)
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String SCHEMA = "schema";
    private static final String PAYLOAD = "payload";

    private final Node root = new Node();
    private final boolean detectEnvelopes;

    /** @param paths DATA, ENVELOPE and VALUE paths (others are ignored: they do not read the value) */
    JsonProjection(Collection<FieldPath> paths, boolean detectEnvelopes) {
        this.detectEnvelopes = detectEnvelopes;
        for (FieldPath path : paths) {
            switch (path.root()) {
                case DATA -> {
                    root.insert(path, 0);
                    if (detectEnvelopes) {
                        for (String[] prefix : new String[][] {{PAYLOAD}, {"after"}, {"before"},
                                {PAYLOAD, "after"}, {PAYLOAD, "before"}}) {
                            root.at(prefix).insert(path, 0);
                        }
                    }
                }
                case ENVELOPE, VALUE -> {
                    root.insert(path, 0);
                    if (detectEnvelopes) {
                        root.at(PAYLOAD).insert(path, 0);
                    }
                }
                default -> {
                    // key, topic, timestamp and header paths do not read the value
                }
            }
        }
        if (detectEnvelopes) {
            root.at(SCHEMA, "type").whole = true;
            for (Node level : List.of(root, root.at(PAYLOAD))) {
                level.at("op").whole = true;
                level.at("before");
                level.at("after");
            }
        }
    }

    /**
     * The projected document, with a JsonConverter schema wrapper unwrapped when detecting envelopes, as
     * {@link RecordView} does with the whole document.
     *
     * @param text a String, byte[] or ByteBuffer
     * @param what what is parsed, for the message
     * @throws EvaluationException exactly when {@link JsonText#parse} would, with the same message
     */
    Object parse(Object text, String what) throws EvaluationException {
        try (JsonParser parser = open(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw MismatchedInputException.from(parser, Object.class, "No content to map due to end-of-input");
            }
            Object document;
            boolean wrapper = false;
            if (first == JsonToken.START_OBJECT && !root.whole) {
                List<String> names = detectEnvelopes ? new ArrayList<>() : null;
                Map<String, Object> map = readObject(parser, root, names);
                document = map;
                wrapper = names != null && isSchemaWrapper(map, names);
            } else {
                document = read(parser, first, root);
                if (detectEnvelopes && root.whole) {
                    document = JsonText.unwrapSchemaEnvelope(document);
                }
            }
            JsonToken trailing = parser.nextToken();
            if (trailing != null) {
                throw MismatchedInputException.from(parser, Object.class, "Trailing token (of type " + trailing
                        + ") found after value (bound as `java.lang.Object`)");
            }
            return wrapper ? ((Map<?, ?>) document).get(PAYLOAD) : document;
        } catch (IOException e) {
            throw JsonText.invalid(e, what);
        }
    }

    /** {@link JsonText#unwrapSchemaEnvelope}'s test, on the whole document's distinct top-level names. */
    private static boolean isSchemaWrapper(Map<String, Object> map, List<String> topLevelNames) {
        return map.containsKey(PAYLOAD) && map.get(SCHEMA) instanceof Map<?, ?> schema && schema.containsKey("type")
                && new HashSet<>(topLevelNames).size() == 2;
    }

    private static JsonParser open(Object text) throws IOException {
        if (text instanceof String s) {
            return JsonText.MAPPER.createParser(s);
        }
        if (text instanceof byte[] bytes) {
            return JsonText.MAPPER.createParser(bytes);
        }
        ByteBuffer buffer = (ByteBuffer) text;
        if (buffer.hasArray()) {
            return JsonText.MAPPER.createParser(buffer.array(), buffer.arrayOffset() + buffer.position(),
                    buffer.remaining());
        }
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return JsonText.MAPPER.createParser(copy);
    }

    private static Object read(JsonParser parser, JsonToken token, Node node) throws IOException {
        if (node.whole) {
            return token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY ? SUBTREE.readValue(parser)
                    : scalar(parser, token);
        }
        return switch (token) {
            case START_OBJECT -> readObject(parser, node, null);
            case START_ARRAY -> readArray(parser, node);
            default -> scalar(parser, token);
        };
    }

    private static Map<String, Object> readObject(JsonParser parser, Node node, List<String> names)
            throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (names != null) {
                names.add(name);
            }
            JsonToken token = parser.nextToken();
            Node child = node.fields == null ? null : node.fields.get(name);
            if (child == null) {
                parser.skipChildren();
            } else {
                // A repeated name replaces the earlier value, as in the whole parse.
                map.put(name, read(parser, token, child));
            }
        }
        return map;
    }

    private static List<Object> readArray(JsonParser parser, Node node) throws IOException {
        List<Object> list = new ArrayList<>();
        JsonToken token;
        for (int i = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; i++) {
            Node child = node.elements == null || i >= node.elements.size() ? null : node.elements.get(i);
            if (child == null) {
                parser.skipChildren();
                if (node.elements != null && i < node.elements.size()) {
                    list.add(null); // keeps the indexes of the elements after it
                }
            } else {
                list.add(read(parser, token, child));
            }
        }
        return list;
    }

    /** What Jackson's untyped deserializer makes of a scalar, with the default features the whole parse uses. */
    private static Object scalar(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberValue();
            case VALUE_NUMBER_FLOAT -> parser.getNumberTypeFP() == JsonParser.NumberTypeFP.BIG_DECIMAL
                    ? parser.getDecimalValue() : Double.valueOf(parser.getDoubleValue());
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> SUBTREE.readValue(parser);
        };
    }

    /** What to keep at one level: the whole value, or some of its fields and elements. */
    private static final class Node {
        boolean whole;
        Map<String, Node> fields;
        List<Node> elements;

        Node at(String... names) {
            Node node = this;
            for (String name : names) {
                node = node.field(name);
            }
            return node;
        }

        void insert(FieldPath path, int from) {
            Node node = this;
            for (int i = from; i < path.segmentCount(); i++) {
                String name = path.segmentName(i);
                node = name != null ? node.field(name) : node.element(path.segmentIndex(i));
            }
            node.whole = true;
        }

        private Node field(String name) {
            if (fields == null) {
                fields = new HashMap<>();
            }
            return fields.computeIfAbsent(name, n -> new Node());
        }

        private Node element(int index) {
            if (elements == null) {
                elements = new ArrayList<>();
            }
            while (elements.size() <= index) {
                elements.add(null);
            }
            Node node = elements.get(index);
            if (node == null) {
                node = new Node();
                elements.set(index, node);
            }
            return node;
        }
    }
}
