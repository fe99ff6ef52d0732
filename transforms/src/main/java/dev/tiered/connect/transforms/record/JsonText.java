package dev.tiered.connect.transforms.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Parses keys and values that arrive as JSON text (String, byte[] or ByteBuffer, e.g. records copied by
 * MirrorSourceConnector with the ByteArrayConverter) into Maps and Lists for evaluation only; the record itself is
 * never changed.
 */
final class JsonText {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonText() {
    }

    static boolean isText(Object value) {
        return value instanceof String || value instanceof byte[] || value instanceof ByteBuffer;
    }

    /**
     * @param text a String, byte[] or ByteBuffer
     * @param what what is parsed, for the message ({@code value}, {@code key})
     */
    static Object parse(Object text, String what) throws EvaluationException {
        try {
            if (text instanceof String s) {
                return MAPPER.readValue(s, Object.class);
            }
            if (text instanceof byte[] bytes) {
                return MAPPER.readValue(bytes, Object.class);
            }
            ByteBuffer buffer = (ByteBuffer) text;
            if (buffer.hasArray()) {
                return MAPPER.readValue(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining(),
                        Object.class);
            }
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return MAPPER.readValue(copy, Object.class);
        } catch (IOException e) {
            throw invalid(e, what);
        }
    }

    /** The error for text that does not parse. */
    static EvaluationException invalid(IOException e, String what) {
        if (e instanceof JsonProcessingException jsonError) {
            // Jackson's own message quotes the offending input, which may be a secret: keep only type and location.
            JsonLocation location = jsonError.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return new EvaluationException(what + " is not valid JSON (" + e.getClass().getSimpleName() + where + ")");
        }
        return new EvaluationException(what + " is not valid JSON (" + e.getClass().getSimpleName() + ")");
    }

    /**
     * The payload of JsonConverter's {@code {"schema": {...}, "payload": ...}} wrapper (schemas.enable=true written
     * as text), or the document itself when it is not such a wrapper.
     */
    static Object unwrapSchemaEnvelope(Object document) {
        if (document instanceof Map<?, ?> map && map.size() == 2 && map.containsKey("payload")
                && map.get("schema") instanceof Map<?, ?> schema && schema.containsKey("type")) {
            return map.get("payload");
        }
        return document;
    }
}
