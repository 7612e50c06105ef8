package io.github.cognitomackerel.runtime.testing;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CBOR to plain Java values and back, keeping what JSON-style data binding loses: a value tagged 1 (an epoch-seconds
 * timestamp, integer or floating point) decodes to an {@link Instant}, and an {@link Instant} encodes as tag 1.
 */
final class Cbor {

    /** CBOR tag 1: epoch-based date/time (RFC 8949 section 3.4.2). */
    private static final int EPOCH_TIME_TAG = 1;
    private static final CBORFactory FACTORY = new CBORFactory();

    private Cbor() {
    }

    /**
     * Decodes one CBOR data item.
     *
     * @throws IOException when the bytes are not exactly one well-formed item
     */
    static Object decode(byte[] bytes) throws IOException {
        try (CBORParser parser = FACTORY.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IOException("empty CBOR body");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IOException("trailing data after the CBOR item");
            }
            return value;
        }
    }

    private static Instant epochSeconds(long seconds) throws IOException {
        try {
            return EpochSeconds.toInstant(seconds);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static Object read(CBORParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    if (map.containsKey(name)) {
                        throw new IOException("duplicate map key '" + name + "'");
                    }
                    map.put(name, read(parser, parser.nextToken()));
                }
                return map;
            }
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT: {
                boolean timestamp = parser.getCurrentTag() == EPOCH_TIME_TAG;
                Number n = parser.getNumberValue();
                if (timestamp) {
                    if (n instanceof BigInteger) {
                        throw new IOException("timestamp out of range: " + n);
                    }
                    return epochSeconds(n.longValue());
                }
                return n instanceof BigInteger ? n : Long.valueOf(n.longValue());
            }
            case VALUE_NUMBER_FLOAT: {
                boolean timestamp = parser.getCurrentTag() == EPOCH_TIME_TAG;
                double d = parser.getDoubleValue();
                if (timestamp) {
                    try {
                        return EpochSeconds.toInstant(d);
                    } catch (IllegalArgumentException e) {
                        throw new IOException(e.getMessage(), e);
                    }
                }
                return d;
            }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            case VALUE_EMBEDDED_OBJECT:
                return parser.getEmbeddedObject();
            default:
                throw new IOException("unexpected CBOR token " + token);
        }
    }

    /**
     * Encodes plain Java values with definite lengths: maps with string keys, lists, strings, integers (as CBOR
     * integers), doubles (as 64-bit floats), booleans, {@code null} and {@link Instant} (tag 1 with integer epoch
     * seconds, or a float when it has a fraction of a second).
     */
    static byte[] encode(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator generator = FACTORY.createGenerator(out)) {
            write(generator, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode CBOR", e);
        }
        return out.toByteArray();
    }

    private static void write(CBORGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof Map) {
            Map<?, ?> map = (Map<?, ?>) value;
            g.writeStartObject(map, map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List) {
            List<?> list = (List<?>) value;
            g.writeStartArray(list, list.size());
            for (Object item : list) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof String) {
            g.writeString((String) value);
        } else if (value instanceof Instant) {
            Instant instant = (Instant) value;
            g.writeTag(EPOCH_TIME_TAG);
            Number seconds = EpochSeconds.toNumber(instant);
            if (seconds instanceof Long) {
                g.writeNumber(seconds.longValue());
            } else {
                g.writeNumber(seconds.doubleValue());
            }
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Long || value instanceof Integer) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean) {
            g.writeBoolean((Boolean) value);
        } else {
            throw new IllegalArgumentException("cannot encode " + value.getClass() + " as CBOR");
        }
    }
}
