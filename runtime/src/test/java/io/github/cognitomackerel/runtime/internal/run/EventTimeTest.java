package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.FakeClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventTimeTest {

    private final FakeClock clock = FakeClock.at("2026-11-23T12:07:31Z");

    @Test
    void eventBridgeRuleEventTime() {
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), EventTime.of("{\"version\":\"0\",\"id\":\"x\","
                + "\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\"2026-11-23T12:05:00Z\","
                + "\"region\":\"ap-northeast-1\",\"resources\":[],\"detail\":{}}", clock));
    }

    @Test
    void schedulerScheduledTime() {
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"),
                EventTime.of("{\"scheduled-time\":\"2026-11-23T12:05:00Z\"}", clock));
    }

    @Test
    void manualBackfillAtWithAnOffset() {
        assertEquals(Instant.parse("2026-11-23T03:00:00Z"), EventTime.of("{\"at\":\"2026-11-23T12:00:00+09:00\"}", clock));
    }

    @Test
    void atWinsOverTheOtherFields() {
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), EventTime.of("{\"time\":\"2026-11-23T12:05:00Z\","
                + "\"scheduled-time\":\"2026-11-22T00:00:00Z\",\"at\":\"2026-11-20T00:00:00Z\"}", clock));
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), EventTime.of("{\"time\":\"2026-11-23T12:05:00Z\","
                + "\"scheduled-time\":\"2026-11-22T00:00:00Z\"}", clock));
    }

    @Test
    void anythingElseIsNow() {
        for (String event : new String[] {"{}", "", "  ", "null", "[]", "42", "\"x\"", "{\"Time\":\"bad\"}"}) {
            assertEquals(clock.instant(), EventTime.of(event, clock), event);
        }
        assertEquals(clock.instant(), EventTime.of(null, clock));
    }

    @Test
    void aBadTimestampNamesTheField() {
        ExportException e = assertThrows(ExportException.class,
                () -> EventTime.of("{\"scheduled-time\":\"tomorrow\"}", clock));
        assertEquals("Event field 'scheduled-time' must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got "
                + "'tomorrow'", e.getMessage());
        assertEquals("Event field 'time' must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got 1795000000",
                assertThrows(ExportException.class, () -> EventTime.of("{\"time\":1795000000}", clock)).getMessage());
        assertThrows(ExportException.class, () -> EventTime.of("{\"at\":\"2026-11-23 12:05\"}", clock));
        assertThrows(ExportException.class, () -> EventTime.of("{\"at\":\"2026-11-23T12:05:00\"}", clock));
    }

    @Test
    void invalidJsonIsAnError() {
        ExportException e = assertThrows(ExportException.class, () -> EventTime.of("{time:", clock));
        assertEquals(true, e.getMessage().startsWith("The event is not valid JSON ("), e.getMessage());
    }

    @Test
    void parseInstant() {
        assertEquals(Optional.of(Instant.parse("2026-11-23T12:05:00Z")), EventTime.parseInstant("2026-11-23T12:05:00Z"));
        assertEquals(Optional.of(Instant.parse("2026-11-23T12:05:00.5Z")),
                EventTime.parseInstant("2026-11-23T12:05:00.500Z"));
        assertEquals(Optional.empty(), EventTime.parseInstant("2026-11-23"));
    }
}
