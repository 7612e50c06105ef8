package io.github.cognitomackerel.runtime.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * Remembers one value for a key for a time to live, measured with an injected clock. A different key, an expired
 * value or {@link #invalidate()} loads again. Not thread-safe: one exporter runs one invocation at a time.
 *
 * @param <K> what the value was loaded for (e.g. the parameter path)
 * @param <V> the value
 */
public final class Memo<K, V> {

    private final Clock clock;
    private final Duration ttl;
    private K key;
    private V value;
    private Instant expires;

    /** A memo whose values live for {@code ttl} (zero: never reused). */
    public Memo(Clock clock, Duration ttl) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
    }

    /** The remembered value for {@code key}, or a fresh one from {@code loader} (an exception is not remembered). */
    public V get(K key, Function<K, V> loader) {
        return get(key, ttl, loader);
    }

    /**
     * Like {@link #get(Object, Function)}, but a value loaded now lives at most {@code maxAge} (the shorter of it
     * and this memo's time to live).
     */
    public V get(K key, Duration maxAge, Function<K, V> loader) {
        Duration ttl = maxAge.compareTo(this.ttl) < 0 ? maxAge : this.ttl;
        Instant now = clock.instant();
        if (value != null && Objects.equals(this.key, key) && now.isBefore(expires)) {
            return value;
        }
        V loaded = Objects.requireNonNull(loader.apply(key), "loaded value");
        this.key = key;
        this.value = loaded;
        this.expires = now.plus(ttl);
        return loaded;
    }

    /** Forgets the value. */
    public void invalidate() {
        key = null;
        value = null;
        expires = null;
    }
}
