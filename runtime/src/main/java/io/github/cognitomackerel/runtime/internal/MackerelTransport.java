package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Sends one Mackerel API request; {@link HttpMackerelTransport} in production, a stub in unit tests. */
public interface MackerelTransport {

    /**
     * POSTs a JSON body with the API key.
     *
     * @param timeout the longest the whole request may take
     * @throws IOException when Mackerel cannot be reached or does not answer in time
     */
    Response post(URI uri, ApiKey key, String body, Duration timeout) throws IOException, InterruptedException;

    /**
     * An HTTP response.
     *
     * @param status status code
     * @param retryAfter the {@code Retry-After} header, if any
     * @param body the body (possibly empty)
     */
    record Response(int status, Optional<String> retryAfter, String body) {
    }
}
