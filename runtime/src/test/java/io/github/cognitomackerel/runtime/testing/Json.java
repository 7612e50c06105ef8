package io.github.cognitomackerel.runtime.testing;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Strict JSON to plain Java values (integers as {@code Long}, fractions as {@code Double}) and back. */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .build();

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws IOException when the text is not exactly one well-formed JSON value (duplicate keys included)
     */
    static Object decode(byte[] bytes) throws IOException {
        if (bytes.length == 0) {
            throw new IOException("empty body");
        }
        return MAPPER.readValue(bytes, Object.class);
    }

    static byte[] encode(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode JSON", e);
        }
    }
}
