package io.github.cognitomackerel.runtime.internal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * PROVISIONAL (branch issue-12): {@link HttpTransport} over the {@code java.net.http} client the runtime uses today
 * ({@link HttpMackerelTransport}), so that this branch adds no second HTTP stack. Deleted when branch issue-8-9's
 * {@code UrlConnectionTransport} is merged; its callers then take that one.
 */
public final class JdkHttpTransport implements HttpTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    @Override
    public Response send(Request request, Instant deadline) throws IOException, InterruptedException {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new HttpTimeoutException("the deadline passed before " + request.method() + " " + request.uri()
                    + " could be sent");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(left);
        request.headers().forEach(builder::header);
        builder.method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
        HttpResponse<String> response = client.send(builder.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(response.statusCode(), response.headers().map(), response.body());
    }
}
