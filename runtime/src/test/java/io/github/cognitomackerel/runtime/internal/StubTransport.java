package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** A Mackerel transport for unit tests: records requests and answers from a script (then 200). */
public final class StubTransport implements MackerelTransport {

    /** One recorded request. */
    public record Request(URI uri, String apiKey, String body, Duration timeout) {
    }

    public final List<Request> requests = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();

    /** Answers the next request with this status. */
    public StubTransport then(int status, String retryAfter, String body) {
        script.add(new Response(status, Optional.ofNullable(retryAfter), body));
        return this;
    }

    public StubTransport then(int status) {
        return then(status, null, status == 200 ? "{\"success\":true}" : "");
    }

    /** Fails the next request with this exception. */
    public StubTransport thenThrow(IOException e) {
        script.add(e);
        return this;
    }

    @Override
    public Response post(URI uri, ApiKey key, String body, Duration timeout) throws IOException {
        requests.add(new Request(uri, key.reveal(), body, timeout));
        Object next = script.isEmpty() ? new Response(200, Optional.empty(), "{\"success\":true}") : script.poll();
        if (next instanceof IOException) {
            throw (IOException) next;
        }
        return (Response) next;
    }
}
