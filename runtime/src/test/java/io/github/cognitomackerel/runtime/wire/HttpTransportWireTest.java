package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.SERVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.internal.mackerel.HttpTransport;
import io.github.cognitomackerel.runtime.internal.mackerel.UrlConnectionTransport;
import io.github.cognitomackerel.runtime.testing.FakeMackerel;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one HTTP transport against the fake Mackerel misbehaving in time: every exchange ends by its bound (the
 * per-attempt limit or the deadline, whichever is nearer) and says which bound it hit, however the server stalls.
 * Limits are injected short; each bound is asserted with a generous margin, and well below what an unbounded
 * exchange would take.
 */
class HttpTransportWireTest {

    private static final Duration LIMIT = Duration.ofMillis(1000);
    /** Scheduling slack on a loaded 2-core machine. */
    private static final long MARGIN_MILLIS = 1500;
    private static final String BODY = "[{\"name\":\"cognito.sign_in.total.success\",\"time\":"
            + (WireFixture.T.getEpochSecond() - 300) + ",\"value\":3}]";

    private FakeMackerel mackerel;
    private int warmRequests;
    private final HttpTransport transport = new UrlConnectionTransport(Duration.ofSeconds(5), LIMIT,
            Clock.systemUTC());

    @BeforeEach
    void start() throws Exception {
        mackerel = FakeMackerel.start(API_KEY, SERVICE);
        mackerel.setClock(Clock.fixed(WireFixture.T, java.time.ZoneOffset.UTC));
        // The fake's first answer loads its JSON parser (seconds on a loaded machine): keep that out of the bounds
        // measured below, which are about the transport, not the fake.
        new UrlConnectionTransport(Clock.systemUTC()).send(post(), inSeconds(60));
        warmRequests = mackerel.requests().size();
    }

    @AfterEach
    void stop() {
        mackerel.close();
    }

    private HttpTransport.Request post() {
        return new HttpTransport.Request("POST", mackerel.endpoint().resolve("api/v0/services/" + SERVICE + "/tsdb"),
                Map.of("X-Api-Key", API_KEY, "Content-Type", "application/json"), BODY);
    }

    private static Instant inSeconds(int seconds) {
        return Instant.now().plusSeconds(seconds);
    }

    @Test
    void sendsTheRequestAndReadsTheWholeAnswer() throws Exception {
        HttpTransport.Response response = transport.send(post(), inSeconds(30));

        assertEquals(200, response.status());
        assertEquals("{\"success\":true}", response.body());
        assertEquals("application/json", response.header("content-type").orElseThrow());
        assertEquals(1, mackerel.values().size());
        assertEquals(2, mackerel.requests().size());
        assertEquals(List.of(), mackerel.violations());
    }

    @Test
    void aRedirectIsReturnedNotFollowed() throws Exception {
        mackerel.respondWith(301, Map.of("Location", "http://127.0.0.1:1/elsewhere/"), "", 1);

        HttpTransport.Response response = transport.send(post(), inSeconds(30));

        assertEquals(301, response.status());
        assertEquals("http://127.0.0.1:1/elsewhere/", response.header("Location").orElseThrow());
        assertEquals(warmRequests + 1, mackerel.requests().size());
    }

    @Test
    void aServerThatStallsBeforeItsHeadersIsCutAtThePerAttemptLimit() {
        mackerel.stallBeforeHeaders(Duration.ofSeconds(30), 1);

        HttpTransport.Timeout timeout = timesOut(inSeconds(30), 30_000);

        assertEquals(HttpTransport.Limit.ATTEMPT, timeout.limit());
        assertEquals("timed out while waiting for the headers: hit the per-attempt limit (1 s)", timeout.getMessage());
    }

    @Test
    void aServerThatStallsAfterItsHeadersIsCutAtThePerAttemptLimit() {
        mackerel.stallAfterHeaders(Duration.ofSeconds(30), 1);

        HttpTransport.Timeout timeout = timesOut(inSeconds(30), 30_000);

        assertEquals(HttpTransport.Limit.ATTEMPT, timeout.limit());
        assertTrue(timeout.getMessage().startsWith("timed out while reading the body: hit the per-attempt limit"),
                timeout.getMessage());
    }

    @Test
    void aServerThatDripsItsBodyIsCutAtThePerAttemptLimit() {
        // 16 bytes 1.9 s apart: 28 s in all, while no read waits long enough for the read timeout. The cut must come
        // at the 2 s limit, not with the next byte (3.8 s), which is what closing the connection from another thread
        // achieves on the JDK's HttpURLConnection.
        HttpTransport transport = new UrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(2),
                Clock.systemUTC());
        mackerel.dripBody(Duration.ofMillis(1900), 1);
        long started = System.nanoTime();

        HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class,
                () -> transport.send(post(), inSeconds(30)));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= 1950 && millis < 2000 + MARGIN_MILLIS, "took " + millis + " ms");
        assertEquals(HttpTransport.Limit.ATTEMPT, timeout.limit());
        assertEquals("timed out while reading the body: hit the per-attempt limit (2 s)", timeout.getMessage());
    }

    @Test
    void aDeadlineNearerThanThePerAttemptLimitCutsFirstAndIsNamed() {
        HttpTransport transport = new UrlConnectionTransport(Duration.ofSeconds(5), Duration.ofSeconds(20),
                Clock.systemUTC());
        mackerel.dripBody(Duration.ofMillis(1900), 1);
        long started = System.nanoTime();

        HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class,
                () -> transport.send(post(), Instant.now().plusMillis(2000)));

        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2000 + MARGIN_MILLIS, "took " + millis + " ms");
        assertEquals(HttpTransport.Limit.DEADLINE, timeout.limit());
        assertTrue(timeout.getMessage().contains("hit the run's deadline"), timeout.getMessage());
    }

    @Test
    void noTimeLeftSendsNothing() {
        HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class,
                () -> transport.send(post(), Instant.now().minusMillis(1)));

        assertEquals(HttpTransport.Limit.DEADLINE, timeout.limit());
        assertEquals(warmRequests, mackerel.requests().size());
    }

    @Test
    void aServerThatNeverAcceptsIsCutAtTheConnectTimeout() throws IOException {
        // A listening socket whose accept queue is full: Linux drops further SYNs, so connecting hangs
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    Socket filler = new Socket();
                    try {
                        filler.connect(new InetSocketAddress(full.getInetAddress(), full.getLocalPort()), 200);
                        fillers.add(filler);
                    } catch (IOException e) {
                        filler.close();
                        break; // the queue is full
                    }
                }
                HttpTransport shortConnect = new UrlConnectionTransport(Duration.ofMillis(500), Duration.ofSeconds(20),
                        Clock.systemUTC());
                URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/api/v0/services/s/tsdb");
                long started = System.nanoTime();

                HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class, () -> shortConnect.send(
                        new HttpTransport.Request("POST", uri, Map.of("X-Api-Key", API_KEY), BODY),
                        Instant.now().plusSeconds(30)));

                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < 500 + MARGIN_MILLIS, "took " + millis + " ms");
                assertEquals(HttpTransport.Limit.CONNECT, timeout.limit());
                assertEquals("timed out while connecting: hit the connect timeout (500 ms)", timeout.getMessage());
            } finally {
                for (Socket filler : fillers) {
                    filler.close();
                }
            }
        }
    }

    @Test
    void aServerThatStopsReadingTheRequestIsCutAtTheLimitAndTheBlockedWriteEnds() throws Exception {
        assertAnAbandonedWriteEnds(transport, "timed out while sending the request: hit the per-attempt limit (1 s)");
    }

    @Test
    void anExchangeGivenUpBeforeItsConnectionOpensNeverStartsAWriteThatWouldBlock() throws Exception {
        // The connection is opened after the caller gave up (as a slow TLS handshake can make it): the worker must
        // not then send the request into a server that never reads it.
        HttpTransport late = new UrlConnectionTransport(Duration.ofSeconds(5), LIMIT, Clock.systemUTC(), uri -> {
            try {
                Thread.sleep(LIMIT.toMillis() + 300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return io.github.cognitomackerel.runtime.internal.HttpConnections.open(uri);
        });
        assertAnAbandonedWriteEnds(late, "timed out while connecting: hit the per-attempt limit (1 s)");
    }

    /**
     * Sends a large request to a server that accepts, with a small receive buffer, and never reads, so the write
     * blocks (no timeout of HttpURLConnection bounds a write); asserts the cut and that no worker stays in the write.
     */
    private static void assertAnAbandonedWriteEnds(HttpTransport transport, String message) throws Exception {
        try (ServerSocket deaf = new ServerSocket()) {
            deaf.setReceiveBufferSize(4096);
            deaf.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(deaf.accept());
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "deaf-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            URI uri = URI.create("http://127.0.0.1:" + deaf.getLocalPort() + "/api/v0/services/s/tsdb");
            String large = "[" + "{\"name\":\"n\",\"time\":1,\"value\":1},".repeat(400_000) + "{}]";
            try {
                long started = System.nanoTime();

                HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class, () -> transport.send(
                        new HttpTransport.Request("POST", uri, Map.of("X-Api-Key", API_KEY), large),
                        inSeconds(30)));

                long millis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(millis < LIMIT.toMillis() + MARGIN_MILLIS, "took " + millis + " ms");
                assertEquals(message, timeout.getMessage());
                // The abandoned exchange ends too, instead of keeping a worker in the write for good (the late
                // opener's worker connects about 300 ms after the cut: wait for it to get that far first)
                Thread.sleep(600);
                boolean writing = true;
                for (int i = 0; i < 100 && writing; i++) {
                    writing = Thread.getAllStackTraces().values().stream().anyMatch(stack -> java.util.Arrays
                            .stream(stack).anyMatch(f -> f.getClassName().endsWith("StreamingOutputStream")));
                    if (writing) {
                        Thread.sleep(50);
                    }
                }
                assertFalse(writing, "a worker is still blocked writing the abandoned request");
            } finally {
                for (Socket socket : accepted) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void aClosedPortIsAnIoErrorNotATimeout() {
        int port = mackerel.endpoint().getPort();
        mackerel.close();

        IOException e = assertThrows(IOException.class, () -> transport.send(post(), inSeconds(30)));

        assertTrue(e instanceof ConnectException, e.toString());
        assertTrue(port > 0);
    }

    @Test
    void aHeaderValueHttpForbidsIsRefusedWithoutQuotingIt() {
        HttpTransport.Request request = new HttpTransport.Request("POST", post().uri(),
                Map.of("X-Api-Key", API_KEY + "\r\nX-Injected: 1"), BODY);

        IOException e = assertThrows(IOException.class, () -> transport.send(request, inSeconds(30)));

        assertFalse(e.getMessage().contains(API_KEY), "the key is in the message");
        assertTrue(e.getMessage().contains("X-Api-Key"), e.getMessage());
        assertEquals(warmRequests, mackerel.requests().size());
    }

    /** Sends, expecting a timeout at the per-attempt limit; asserts it came in time, well before {@code unbounded}. */
    private HttpTransport.Timeout timesOut(Instant deadline, long unboundedMillis) {
        long started = System.nanoTime();
        HttpTransport.Timeout timeout = assertThrows(HttpTransport.Timeout.class,
                () -> transport.send(post(), deadline));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis >= LIMIT.toMillis() - 50, "cut after only " + millis + " ms");
        assertTrue(millis < LIMIT.toMillis() + MARGIN_MILLIS && millis < unboundedMillis,
                "took " + millis + " ms, limit " + LIMIT.toMillis() + " ms");
        assertFalse(timeout.getMessage().contains(API_KEY));
        return timeout;
    }
}
