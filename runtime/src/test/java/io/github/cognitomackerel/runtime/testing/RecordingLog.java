package io.github.cognitomackerel.runtime.testing;

import io.github.cognitomackerel.runtime.internal.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/** A run's log that keeps every line, debug lines included, for a test to read (thread-safe). */
public final class RecordingLog implements Log {

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void info(String message) {
        lines.add(message);
    }

    @Override
    public void error(String message) {
        lines.add(message);
    }

    @Override
    public void debug(Supplier<String> message) {
        lines.add(message.get());
    }

    /** The lines so far, in order (a copy). */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
