package io.github.cognitomackerel.runtime.internal.mackerel;

import io.github.cognitomackerel.runtime.internal.Bounded;
import io.github.cognitomackerel.runtime.internal.HttpConnections;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link HttpTransport} over the JDK's {@link HttpURLConnection}, opened by {@link HttpConnections} as the SDK's
 * are: one TLS context for every service, no selector thread to wait for at exit.
 *
 * <p>Bounds: the connection must be accepted within the connect timeout, and the whole exchange (connect, request,
 * headers and the whole body) must end within the per-attempt limit or by the deadline, whichever comes first. A read
 * timeout alone cannot promise that: it bounds one read, and a server that drips a byte at a time resets it. Nor can
 * a watchdog that calls {@link HttpURLConnection#disconnect()}: while the body is being read, closing its stream
 * waits for the lock the blocked read holds (seen on JDK 17 and 25), so the cut comes only with the next byte. So each
 * exchange runs on a worker thread of its own ({@link Bounded#start}), and the caller waits for it no longer than the
 * bound: at the bound the caller gets a {@link HttpTransport.Timeout}, and the abandoned exchange closes its connection
 * as soon as its next read returns (at the latest its read timeout, the same bound, later). A write has no timeout at
 * all, so an exchange abandoned while it sends the request has its connection closed at once, which ends the write.
 * Redirects are never followed; answers longer than {@link #MAX_BODY_BYTES} are refused.
 */
public final class UrlConnectionTransport implements HttpTransport {

    /** The default time to establish a connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The default limit on one whole exchange. */
    public static final Duration DEFAULT_ATTEMPT_LIMIT = Duration.ofSeconds(10);
    /** A longer answer is refused: no API this runtime calls answers with more. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private static final String CONNECTING = "connecting";
    private static final String SENDING = "sending the request";

    private final Duration connectTimeout;
    private final Duration attemptLimit;
    private final Clock clock;
    private final HttpConnections.Opener opener;

    /** A transport with the default limits, reading deadlines against {@code clock}. */
    public UrlConnectionTransport(Clock clock) {
        this(DEFAULT_CONNECT_TIMEOUT, DEFAULT_ATTEMPT_LIMIT, clock);
    }

    /**
     * A transport with these limits (tests inject short ones).
     *
     * @param clock the clock deadlines are read against (read once per request; the bound is then kept with
     *     {@link System#nanoTime()})
     */
    public UrlConnectionTransport(Duration connectTimeout, Duration attemptLimit, Clock clock) {
        this(connectTimeout, attemptLimit, clock, HttpConnections::open);
    }

    /**
     * A transport with these limits whose connections come from {@code opener} (priming's rehearsal gives one that
     * answers in memory).
     */
    public UrlConnectionTransport(Duration connectTimeout, Duration attemptLimit, Clock clock,
            HttpConnections.Opener opener) {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || attemptLimit.isNegative()
                || attemptLimit.isZero()) {
            throw new IllegalArgumentException("limits must be positive: connect " + connectTimeout + ", attempt "
                    + attemptLimit);
        }
        this.connectTimeout = connectTimeout;
        this.attemptLimit = attemptLimit;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    @Override
    public Response send(Request request, Instant deadline) throws IOException, InterruptedException {
        Duration untilDeadline = Duration.between(clock.instant(), deadline);
        boolean deadlineFirst = untilDeadline.compareTo(attemptLimit) < 0;
        Limit limit = deadlineFirst ? Limit.DEADLINE : Limit.ATTEMPT;
        Duration bound = deadlineFirst ? untilDeadline : attemptLimit;
        if (bound.toMillis() <= 0) {
            throw new Timeout(Limit.DEADLINE, Duration.ZERO, "about to connect");
        }
        long end = System.nanoTime() + bound.toNanos();
        Exchange exchange = new Exchange(opener, request, connectTimeout.compareTo(bound) < 0, millis(connectTimeout),
                millis(bound), end);
        Bounded.start(exchange);
        synchronized (exchange) {
            try {
                long left;
                while (!exchange.done && (left = end - System.nanoTime()) > 0) {
                    exchange.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                exchange.abandon();
                throw e;
            }
            if (!exchange.done) {
                String phase = exchange.phase;
                exchange.abandon();
                throw new Timeout(limit, bound, phase);
            }
        }
        if (exchange.failure == null) {
            return exchange.response;
        }
        if (exchange.failure instanceof SocketTimeoutException) {
            if (exchange.phase.equals(CONNECTING) && exchange.connectFirst) {
                throw new Timeout(Limit.CONNECT, connectTimeout, CONNECTING);
            }
            throw new Timeout(limit, bound, exchange.phase);
        }
        if (exchange.failure instanceof IOException) {
            throw (IOException) exchange.failure;
        }
        if (exchange.failure instanceof RuntimeException) {
            throw (RuntimeException) exchange.failure;
        }
        throw (Error) exchange.failure;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    /** One request and its answer, on the worker thread; the fields are read by the caller under its lock. */
    private static final class Exchange implements Runnable {
        private final HttpConnections.Opener opener;
        private final Request request;
        private final boolean connectFirst;
        private final int connectMillis;
        private final int boundMillis;
        private final long end;
        volatile String phase = CONNECTING;
        volatile boolean abandoned;
        /** The connection, once opened (read by {@link #abandon()} on the caller's thread). */
        private volatile HttpURLConnection connection;
        private final AtomicBoolean closed = new AtomicBoolean();
        private boolean done;
        private Response response;
        private Throwable failure;

        Exchange(HttpConnections.Opener opener, Request request, boolean connectFirst, int connectMillis,
                int boundMillis, long end) {
            this.opener = opener;
            this.request = request;
            this.connectFirst = connectFirst;
            this.connectMillis = connectMillis;
            this.boundMillis = boundMillis;
            this.end = end;
        }

        /**
         * Marks the exchange abandoned by its caller. A write has no timeout: a peer that stops reading the request
         * would keep the worker in it for good, so while the request is being sent the connection is closed, on
         * another worker (closing it could wait for a lock the blocked write holds); the write then fails.
         */
        void abandon() {
            abandoned = true;
            HttpURLConnection open = connection;
            if (open != null && SENDING.equals(phase)) {
                Bounded.start(() -> close(open));
            }
        }

        /**
         * Closes the connection once: the caller's {@link #abandon()} and the worker may both come here, and
         * {@link HttpURLConnection#disconnect()} is not safe to run twice at once.
         */
        private void close(HttpURLConnection open) {
            if (closed.compareAndSet(false, true)) {
                try {
                    open.disconnect();
                } catch (RuntimeException e) {
                    // Closing only frees the socket; the exchange has already failed or been given up.
                }
            }
        }

        @Override
        public void run() {
            HttpURLConnection connection = null;
            Response answer = null;
            Throwable problem = null;
            try {
                connection = opener.open(request.uri());
                this.connection = connection;
                answer = exchange(connection);
            } catch (Throwable t) {
                problem = t;
            } finally {
                if (connection != null && (problem != null || abandoned)) {
                    close(connection);
                }
                synchronized (this) {
                    response = answer;
                    failure = problem;
                    done = true;
                    notifyAll();
                }
            }
        }

        private Response exchange(HttpURLConnection connection) throws IOException {
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setConnectTimeout(connectFirst ? connectMillis : boundMillis);
            // Per read; the caller's wait bounds the whole exchange.
            connection.setReadTimeout(boundMillis);
            connection.setRequestMethod(request.method());
            setHeaders(connection, request.headers());
            byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                connection.setDoOutput(true);
                // Streaming: the JDK neither buffers the body nor silently re-sends a POST on a stale connection
                connection.setFixedLengthStreamingMode(body.length);
            }
            connection.connect();
            if (body != null) {
                phase = SENDING;
                // Set before abandoned is read, as abandon() sets abandoned before it reads the phase: either the
                // caller saw SENDING and closes the connection, or this sees abandoned and writes nothing.
                if (abandoned) {
                    throw new SocketTimeoutException("given up before sending the request");
                }
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            phase = "waiting for the headers";
            int status;
            try {
                status = connection.getResponseCode();
            } catch (HttpRetryException e) {
                // A 401 with an authentication challenge in streaming mode: the JDK will not retry, neither do we.
                status = e.responseCode();
            }
            if (status < 100) {
                throw new IOException("the answer is not HTTP");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            connection.getHeaderFields().forEach((name, values) -> {
                if (name != null) {
                    headers.put(name, values);
                }
            });
            phase = "reading the body";
            return new Response(status, headers, readBody(connection, status));
        }

        /** The whole body (the error stream for 4xx/5xx), at most {@link #MAX_BODY_BYTES}. */
        private String readBody(HttpURLConnection connection, int status) throws IOException {
            InputStream stream;
            try {
                stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            } catch (IOException e) {
                stream = connection.getErrorStream();
            }
            if (stream == null) {
                return "";
            }
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (InputStream in = stream) {
                byte[] chunk = new byte[8192];
                int n;
                while ((n = in.read(chunk)) != -1) {
                    if (abandoned || System.nanoTime() - end >= 0) {
                        throw new SocketTimeoutException("the bound passed");
                    }
                    if (buffer.size() + n > MAX_BODY_BYTES) {
                        throw new IOException("the answer is longer than " + MAX_BODY_BYTES + " bytes");
                    }
                    buffer.write(chunk, 0, n);
                }
            }
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }

    private static void setHeaders(HttpURLConnection connection, Map<String, String> headers) throws IOException {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            try {
                connection.setRequestProperty(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // The JDK's message quotes the value, which may be the API key: name the header only.
                throw new IOException("the value of header " + header.getKey()
                        + " has a character HTTP does not allow (e.g. a line break)");
            }
        }
    }
}
