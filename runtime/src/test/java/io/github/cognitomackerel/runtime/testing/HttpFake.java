package io.github.cognitomackerel.runtime.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Deque;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP plumbing shared by the fakes: a {@link HttpServer} on 127.0.0.1 with a bounded executor, request
 * recording and violation bookkeeping. Each fake supplies a {@link Handler} that turns one request into a response.
 */
final class HttpFake implements AutoCloseable {

    static {
        // The JDK server writes a response's headers and body as separate TCP segments. Without TCP_NODELAY, Nagle's
        // algorithm holds the body back until the client ACKs the headers, and the client delays that ACK (about
        // 40 ms on Linux): every request on a reused connection took ~44 ms instead of ~2 ms. The JDK reads this
        // property once, when the first server starts, so it is set before any fake exists.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    /** Bodies above this size are refused (413) rather than buffered. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;
    private static final Pattern SIGV4_SCOPE = Pattern.compile(
            "^AWS4-HMAC-SHA256 Credential=[^/,\\s]+/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request,"
                    + "\\s*SignedHeaders=[^,\\s]+,\\s*Signature=[0-9a-f]{64}$");

    /** What a fake answers, and how it delivers it. */
    record Response(int status, Map<String, String> headers, byte[] body, Delivery delivery) {

        /** An answer sent at once. */
        Response(int status, Map<String, String> headers, byte[] body) {
            this(status, headers, body, Delivery.AT_ONCE);
        }

        /** The same answer delivered another way. */
        Response delivered(Delivery how) {
            return new Response(status, headers, body, how);
        }
    }

    /**
     * How an answer reaches the client: at once, or misbehaving in time. Every wait ends when the fake closes (its
     * threads are interrupted) or the client hangs up (a write fails), and none lasts beyond {@link #MAX_WAIT}.
     *
     * @param beforeHeaders wait this long before sending the status line and headers
     * @param afterHeaders wait this long after the headers, before the body
     * @param dripEvery when positive, send the body one byte at a time with this pause between bytes
     */
    record Delivery(java.time.Duration beforeHeaders, java.time.Duration afterHeaders, java.time.Duration dripEvery) {
        static final Delivery AT_ONCE = new Delivery(java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.time.Duration.ZERO);
        /** The longest any one misbehaving answer keeps a fake's thread. */
        static final java.time.Duration MAX_WAIT = java.time.Duration.ofSeconds(60);

        static Delivery stallBeforeHeaders(java.time.Duration wait) {
            return new Delivery(wait, java.time.Duration.ZERO, java.time.Duration.ZERO);
        }

        static Delivery stallAfterHeaders(java.time.Duration wait) {
            return new Delivery(java.time.Duration.ZERO, wait, java.time.Duration.ZERO);
        }

        static Delivery drip(java.time.Duration every) {
            return new Delivery(java.time.Duration.ZERO, java.time.Duration.ZERO, every);
        }
    }

    /** One fake's request handling; it may name the operation and attach the decoded body to the exchange. */
    interface Handler {
        Response handle(Incoming request) throws IOException;
    }

    /** A received request, plus what the handler made of it (for the record). */
    static final class Incoming {
        final String method;
        final String path;
        final Map<String, List<String>> headers;
        final byte[] body;
        String operation;
        Object decoded;

        Incoming(String method, String path, Map<String, List<String>> headers, byte[] body) {
            this.method = method;
            this.path = path;
            this.headers = headers;
            this.body = body;
        }

        /** The first value of a header (case-insensitive; {@code HttpServer}'s headers already are). */
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The region of a SigV4 {@code Authorization} header signed for {@code service}, or {@code null}. */
        String sigV4Region(String service) {
            String authorization = header("Authorization");
            if (authorization == null || header("X-Amz-Date") == null) {
                return null;
            }
            Matcher m = SIGV4_SCOPE.matcher(authorization);
            return m.matches() && m.group(3).equals(service) ? m.group(2) : null;
        }
    }

    private final String name;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final List<RecordedRequest> requests = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Deque<ServiceError>> injected = new HashMap<>();

    private HttpFake(String name, Handler handler) throws IOException {
        this.name = name;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.server.setExecutor(executor);
        this.server.createContext("/", exchange -> serve(exchange, handler));
        this.server.start();
    }

    /** Starts a server on 127.0.0.1 and an ephemeral port. */
    static HttpFake start(String name, Handler handler) {
        try {
            return new HttpFake(name, handler);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " on 127.0.0.1", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void violation(Incoming request, String message) {
        String where = request.method + " " + request.path
                + (request.operation == null ? "" : " (" + request.operation + ")");
        synchronized (violations) {
            violations.add(name + ": " + where + ": " + message);
        }
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    List<RecordedRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** The requests for one operation, in arrival order. */
    List<RecordedRequest> requests(String operation) {
        synchronized (requests) {
            return requests.stream().filter(r -> operation.equals(r.operation())).toList();
        }
    }

    int calls(String operation) {
        return requests(operation).size();
    }

    /** Makes the next valid call of {@code operation} fail with {@code error}; calls queue. */
    void injectFailure(String operation, ServiceError error) {
        synchronized (injected) {
            injected.computeIfAbsent(operation, op -> new ArrayDeque<>()).add(error);
        }
    }

    /** Throws the failure queued for {@code operation}, if any (a fake calls this once it has a valid answer). */
    void throwInjectedFailure(String operation) {
        ServiceError failure;
        synchronized (injected) {
            Deque<ServiceError> failures = injected.get(operation);
            failure = failures == null ? null : failures.poll();
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = readBody(exchange.getRequestBody());
            Incoming incoming = new Incoming(exchange.getRequestMethod(), query == null ? path : path + "?" + query,
                    exchange.getRequestHeaders(), body == null ? new byte[0] : body);
            Response response;
            if (body == null) {
                violation(incoming, "request body larger than " + MAX_BODY_BYTES + " bytes");
                response = new Response(413, Map.of(), new byte[0]);
            } else {
                try {
                    response = handler.handle(incoming);
                } catch (RuntimeException | IOException e) {
                    violation(incoming, "the fake failed on this request: " + e);
                    response = new Response(500, Map.of("Content-Type", "text/plain"),
                            ("fake failure: " + e).getBytes(StandardCharsets.UTF_8));
                }
            }
            synchronized (requests) {
                requests.add(new RecordedRequest(incoming.method, incoming.path, incoming.headers, incoming.body,
                        incoming.operation, incoming.decoded));
            }
            Delivery delivery = response.delivery();
            long started = System.nanoTime();
            pause(delivery.beforeHeaders(), started);
            response.headers().forEach((header, value) -> exchange.getResponseHeaders().add(header, value));
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            if (!delivery.afterHeaders().isZero()) {
                exchange.getResponseBody().flush();
                pause(delivery.afterHeaders(), started);
            }
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    if (delivery.dripEvery().isZero()) {
                        os.write(out);
                    } else {
                        for (int i = 0; i < out.length; i++) {
                            os.write(out[i]);
                            os.flush();
                            if (i + 1 < out.length && !pause(delivery.dripEvery(), started)) {
                                break;
                            }
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            exchange.close();
        }
    }

    /**
     * Waits {@code wait} unless the fake's own time limit ({@link Delivery#MAX_WAIT} since {@code started}) is nearer.
     *
     * @return whether there is time left to go on
     * @throws InterruptedException when the fake closes
     */
    private static boolean pause(java.time.Duration wait, long started) throws InterruptedException {
        if (wait.isZero()) {
            return true;
        }
        long left = Delivery.MAX_WAIT.toNanos() - (System.nanoTime() - started);
        if (left <= 0) {
            return false;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, wait.toNanos()));
        return true;
    }

    /** Reads the whole body, or returns {@code null} when it exceeds the limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[8192];
        int n;
        while ((n = in.read(chunk)) != -1) {
            if (buffer.size() + n > MAX_BODY_BYTES) {
                return null;
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }

    /** Stops the server at once and its worker threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
