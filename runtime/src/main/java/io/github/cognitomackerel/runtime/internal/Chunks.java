package io.github.cognitomackerel.runtime.internal;

import java.util.ArrayList;
import java.util.List;

/** Splits a list into consecutive chunks. */
public final class Chunks {

    private Chunks() {
    }

    /** Consecutive sublists of at most {@code size} elements, in order; none for an empty list. */
    public static <T> List<List<T>> of(List<T> list, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + size);
        }
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < list.size(); from += size) {
            chunks.add(List.copyOf(list.subList(from, Math.min(list.size(), from + size))));
        }
        return chunks;
    }
}
