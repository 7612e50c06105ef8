package io.github.cognitomackerel.runtime.internal.config;

import java.util.Objects;

/**
 * The Mackerel API key. Its value only leaves this object as the {@code X-Api-Key} header; {@link #toString()} and
 * every message show {@code ****} instead.
 */
public final class ApiKey {

    private static final String MASK = "****";

    private final String value;

    /** Wraps a key read from its SecureString parameter. */
    public ApiKey(String value) {
        this.value = Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty API key");
        }
    }

    /** The key itself, for the request header only. */
    public String reveal() {
        return value;
    }

    /** Replaces every occurrence of the key in a text (e.g. an error body echoed by a server) with {@code ****}. */
    public String redact(String text) {
        return text == null ? null : text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return "ApiKey[" + MASK + "]";
    }
}
