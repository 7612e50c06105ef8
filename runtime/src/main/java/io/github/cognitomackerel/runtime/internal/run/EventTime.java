package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Json;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds T, the time a run is for, in the invocation event: {@code at} (manual backfill), else
 * {@code scheduled-time} (EventBridge Scheduler input), else {@code time} (EventBridge rule event), else now.
 */
public final class EventTime {

    /** The recognised fields, most explicit first. */
    public static final List<String> FIELDS = List.of("at", "scheduled-time", "time");

    private EventTime() {
    }

    /**
     * T for an event.
     *
     * @param event the raw event (may be empty)
     * @param clock gives now when the event names no time
     * @throws ExportException when the event is not JSON, or a recognised field is not an ISO-8601 instant
     */
    public static Instant of(String event, Clock clock) {
        return request(event, clock).time();
    }

    /**
     * The run an event asks for: a {@link RunRequest#backfill backfill} when it names {@code at}, else a
     * {@link RunRequest#scheduled scheduled} run for {@code scheduled-time}, {@code time} or now.
     *
     * @throws ExportException like {@link #of}
     */
    public static RunRequest request(String event, Clock clock) {
        if (event == null || event.isBlank()) {
            return RunRequest.scheduled(clock.instant());
        }
        Object parsed;
        try {
            parsed = Json.parse(event);
        } catch (Json.JsonException e) {
            throw new ExportException("The event is not valid JSON (" + e.getMessage() + "): send {} to export "
                    + "the latest periods or {\"at\":\"2026-11-23T12:05:00Z\"} to export the periods before a time");
        }
        if (!(parsed instanceof Map)) {
            return RunRequest.scheduled(clock.instant());
        }
        Map<?, ?> object = (Map<?, ?>) parsed;
        for (String field : FIELDS) {
            if (object.containsKey(field)) {
                Object value = object.get(field);
                if (!(value instanceof String)) {
                    throw new ExportException("Event field '" + field + "' must be an ISO-8601 instant like "
                            + "2026-11-23T12:05:00Z, got " + Json.write(value));
                }
                Instant time = parseInstant((String) value).orElseThrow(() -> new ExportException("Event field '"
                        + field + "' must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got '" + value + "'"));
                return field.equals("at") ? RunRequest.backfill(time) : RunRequest.scheduled(time);
            }
        }
        return RunRequest.scheduled(clock.instant());
    }

    /** Parses {@code 2026-11-23T12:05:00Z} or with an offset ({@code 2026-11-23T21:05:00+09:00}). */
    public static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
