package io.github.cognitomackerel.runtime.internal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Priming's in-memory exports: each round is what a warm scheduled invocation does, and every round succeeds. */
class RehearsalTest {

    @Test
    void eachRoundRunsAWholeScheduledExportInMemory() {
        Clock clock = Clock.systemUTC();
        String outcome;
        Map<String, Integer> calls;
        try (Rehearsal rehearsal = new Rehearsal(clock)) {
            outcome = rehearsal.run(4, System.nanoTime() + Duration.ofSeconds(60).toNanos());
            calls = rehearsal.calls();
        }

        assertEquals("4/ok", outcome);
        // Five minutes apart, as scheduled, with the handler's default cache (900 s): the first round reads
        // configuration and progress in one call, then the key; the fourth (at 900 s) configuration and key again;
        // the pool's listing is reused for lookback minus one period (600 s), so rounds 1 and 3 list it; every round
        // makes one GetMetricData and one post; the progress is written by the first round (the parameter held
        // "none") and not again within the hour.
        assertEquals(1, calls.get("GetParametersRequest"), calls.toString());
        assertEquals(3, calls.get("GetParameterRequest"), calls.toString());
        assertEquals(2, calls.get("ListMetricsRequest"), calls.toString());
        assertEquals(4, calls.get("GetMetricDataRequest"), calls.toString());
        assertEquals(4, calls.get("MackerelPOST"), calls.toString());
        assertEquals(1, calls.get("PutParameterRequest"), calls.toString());
        assertEquals(6, calls.size(), "nothing else was asked: " + calls);
    }

    @Test
    void stopsAtItsTimeBudgetWhateverTheRoundsLeft() {
        Clock clock = Clock.systemUTC();
        String outcome;
        long millis;
        try (Rehearsal rehearsal = new Rehearsal(clock)) {
            long started = System.nanoTime(); // after building the clients, which a cold JVM takes a while for
            outcome = rehearsal.run(1_000_000, started + Duration.ofMillis(300).toNanos());
            millis = (System.nanoTime() - started) / 1_000_000;
        }

        int rounds = Integer.parseInt(outcome.substring(0, outcome.indexOf('/')));
        assertTrue(rounds >= 1 && rounds < 1_000_000, outcome);
        assertTrue(outcome.endsWith("/cut at the budget"), outcome);
        // one round is tens of milliseconds; the margin is for a loaded machine
        assertTrue(millis < 300 + 5_000, "took " + millis + " ms");
    }
}
