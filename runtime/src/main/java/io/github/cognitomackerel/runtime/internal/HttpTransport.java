package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends one HTTP request, bounded by a deadline. The runtime's one HTTP stack: the Mackerel clients and the
 * custom-resource handler's answer to CloudFormation go through it.
 *
 * <p>PROVISIONAL (branch issue-12): the shape agreed for the transport that branch issue-8-9 writes; on merging
 * issue-8-9 this file is replaced by that branch's, unchanged in shape.
 */
public interface HttpTransport {

    /** Sends one request; the whole exchange (connect, headers, whole body) ends by {@code deadline} or throws. */
    Response send(Request request, Instant deadline) throws IOException, InterruptedException;

    /**
     * A request.
     *
     * @param body {@code null}: no body
     */
    record Request(String method, URI uri, Map<String, String> headers, String body) {
    }

    /** A response. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        /** The first value of a header, matched case-insensitively. */
        public Optional<String> header(String name) {
            String wanted = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().toLowerCase(Locale.ROOT).equals(wanted)
                        && !entry.getValue().isEmpty()) {
                    return Optional.of(entry.getValue().get(0));
                }
            }
            return Optional.empty();
        }
    }
}
