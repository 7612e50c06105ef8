package io.github.cognitomackerel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesAnEventBridgeEvent() {
        Object parsed = Json.parse(" {\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"time\":\"2026-11-23T12:05:00Z\","
                + "\"resources\":[\"arn:aws:events:x\"],\"detail\":{},\"n\":-1.5e2,\"ok\":true,\"none\":null}\n");
        Map<?, ?> event = (Map<?, ?>) parsed;
        assertEquals("2026-11-23T12:05:00Z", event.get("time"));
        assertEquals(List.of("arn:aws:events:x"), event.get("resources"));
        assertEquals(Map.of(), event.get("detail"));
        assertEquals(0, new BigDecimal("-150").compareTo((BigDecimal) event.get("n")));
        assertEquals(Boolean.TRUE, event.get("ok"));
        assertTrue(event.containsKey("none"));
        assertNull(event.get("none"));
    }

    @Test
    void parsesEscapes() {
        assertEquals("a\"b\\c/d\n\t\u00e9\ud83d\ude00", Json.parse("\"a\\\"b\\\\c\\/d\\n\\t\\u00e9\\ud83d\\ude00\""));
    }

    @Test
    void rejectsInvalidJson() {
        for (String bad : Arrays.asList("", "{", "{\"a\":}", "[1,]", "{\"a\":1}x", "01", "1.", "\"\\x\"", "tru",
                "{'a':1}", "\"a\nb\"", "[1 2]")) {
            assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void rejectsDeepNesting() {
        assertThrows(Json.JsonException.class, () -> Json.parse("[".repeat(100) + "]".repeat(100)));
    }

    @Test
    void writesIntegralNumbersAsIntegers() {
        assertEquals("3", Json.write(3.0));
        assertEquals("0", Json.write(0.0));
        assertEquals("-7", Json.write(-7.0));
        assertEquals("2.5", Json.write(2.5));
        assertEquals("0.1", Json.write(0.1));
        assertEquals("1795000000", Json.write(1_795_000_000L));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    }

    @Test
    void writesObjectsInOrderWithEscapes() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("s", "a\"b\\c\u0001");
        object.put("list", List.of(1, true));
        object.put("null", null);
        assertEquals("{\"s\":\"a\\\"b\\\\c\\u0001\",\"list\":[1,true],\"null\":null}", Json.write(object));
        assertEquals(object.get("s"), ((Map<?, ?>) Json.parse(Json.write(object))).get("s"));
    }
}
