package io.github.cognitomackerel.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static long epoch(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    @Test
    void alignsTDownToThePeriod() {
        Window window = Window.endingAt(Instant.parse("2026-11-23T12:07:31.250Z"), 300, 900);
        assertEquals(Instant.parse("2026-11-23T11:50:00Z"), window.start());
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), window.end());
        assertEquals(List.of(epoch("2026-11-23T11:50:00Z"), epoch("2026-11-23T11:55:00Z"),
                epoch("2026-11-23T12:00:00Z")), window.periodStarts());
        assertEquals("2026-11-23T11:50:00Z/2026-11-23T12:05:00Z", window.toString());
    }

    @Test
    void tExactlyOnABoundaryLeavesThePeriodStartingAtTOut() {
        Window window = Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 300, 900);
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), window.end());
        assertEquals(epoch("2026-11-23T12:00:00Z"), window.periodStarts().get(2));
        assertEquals(3, window.periodStarts().size());
    }

    @Test
    void oneMinutePeriod() {
        Window window = Window.endingAt(Instant.parse("2026-11-23T12:05:59Z"), 60, 300);
        assertEquals(Instant.parse("2026-11-23T12:00:00Z"), window.start());
        assertEquals(Instant.parse("2026-11-23T12:05:00Z"), window.end());
        assertEquals(5, window.periodStarts().size());
        assertEquals(epoch("2026-11-23T12:04:00Z"), window.periodStarts().get(4));
    }

    @Test
    void lookbackOfOnePeriodAndOfTheMostMackerelKeeps() {
        assertEquals(1, Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 300, 300).periodStarts().size());
        Window day = Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 60, 84_600);
        assertEquals(1410, day.periodStarts().size());
        assertEquals(Instant.parse("2026-11-22T12:35:00Z"), day.start());
        assertThrows(IllegalArgumentException.class,
                () -> Window.endingAt(Instant.parse("2026-11-23T12:05:00Z"), 60, 86_400));
    }

    @Test
    void rejectsLookbacksOutsideTheRules() {
        Instant t = Instant.parse("2026-11-23T12:05:00Z");
        assertThrows(IllegalArgumentException.class, () -> Window.endingAt(t, 300, 86_700));
        assertThrows(IllegalArgumentException.class, () -> Window.endingAt(t, 300, 1000));
        assertThrows(IllegalArgumentException.class, () -> Window.endingAt(t, 300, 0));
        assertThrows(IllegalArgumentException.class, () -> Window.endingAt(t, 300, 60));
    }

    @Test
    void alignsTimesBeforeTheEpochDownToo() {
        Window window = Window.endingAt(Instant.ofEpochSecond(-1), 60, 60);
        assertEquals(Instant.ofEpochSecond(-60), window.end());
    }
}
