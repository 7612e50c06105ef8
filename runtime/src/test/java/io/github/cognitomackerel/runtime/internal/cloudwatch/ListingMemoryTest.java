package io.github.cognitomackerel.runtime.internal.cloudwatch;

import io.github.cognitomackerel.runtime.internal.run.Window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListingMemoryTest {

    private static final String POOL = "ap-northeast-1_AbCdEf123";
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** The window of a run at 12:20:10: 12:05-12:20. */
    private static final Window WINDOW = Window.endingAt(Instant.parse("2026-11-23T12:20:10Z"), 300, 900);
    private static final Instant KEPT = Instant.parse("2026-11-22T12:20:10Z");

    private final ListingMemory memory = new ListingMemory();
    private final PoolInventory inventory = PoolInventory.of(Map.of("c", Set.of()));

    private static Instant at(String time) {
        return Instant.parse("2026-11-23T" + time + "Z");
    }

    @Test
    void aColdStartReadsBackTheInventorysMaximumAgeAndTheListingDelayBeforeTheWindow() {
        assertEquals(Optional.empty(), memory.previous(POOL));
        Window read = memory.backfillWindow(POOL, WINDOW, MAX_AGE, KEPT);
        assertEquals(at("11:40:00"), read.start(), "12:05 - 10 min - 15 min");
        assertEquals(WINDOW.end(), read.end());
        assertEquals(300, read.periodSeconds());
    }

    @Test
    void aWarmInstanceReadsBackFromItsPreviousListingMinusTheListingDelayAlignedDown() {
        memory.exported(POOL, new ListingMemory.Listing(inventory, at("12:10:10")));
        assertSame(inventory, memory.previous(POOL).orElseThrow());
        assertEquals(at("11:55:00"), memory.backfillWindow(POOL, WINDOW, MAX_AGE, KEPT).start());

        // another pool: nothing known about it
        assertEquals(Optional.empty(), memory.previous("ap-northeast-1_Other"));
        assertEquals(at("11:40:00"), memory.backfillWindow("ap-northeast-1_Other", WINDOW, MAX_AGE, KEPT).start());
    }

    @Test
    void neverBeforeWhatMackerelKeepsNorAfterTheWindowStart() {
        memory.exported(POOL, new ListingMemory.Listing(inventory, at("06:00:00")));
        Instant kept = at("11:51:30");
        assertEquals(at("11:55:00"), memory.backfillWindow(POOL, WINDOW, MAX_AGE, kept).start(),
                "aligned up to the first period Mackerel keeps");
        assertSame(WINDOW, memory.backfillWindow(POOL, WINDOW, MAX_AGE, at("12:07:00")), "never shorter");

        memory.exported(POOL, new ListingMemory.Listing(inventory, at("12:19:00")));
        assertEquals(at("12:00:00"), memory.backfillWindow(POOL, WINDOW, MAX_AGE, KEPT).start(),
                "a series absent a minute ago may have data from 12:04 on");
        Window hourLong = Window.endingAt(at("12:20:10"), 300, 3600);
        assertSame(hourLong, memory.backfillWindow(POOL, hourLong, MAX_AGE, KEPT), "a long lookback covers it");
    }
}
