package io.github.cognitomackerel.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.internal.AwsClients;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import io.github.cognitomackerel.runtime.wire.WireFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line's range backfill in-process against the fakes, on a fixed clock: a pool large enough that a day
 * does not fit one {@code GetMetricData} call is read in as few calls as the 100,800-datapoint limit allows.
 */
class CliRangeWireTest {

    /** Now for these runs: the range ends at 12:05, and Mackerel keeps (less the margin) from 12:36 the day before. */
    private static final Instant NOW = Instant.parse("2026-11-23T12:06:00Z");

    private WireFixture fixture;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        fixture = WireFixture.start();
        fixture.seedStandardActivity();
        fixture.mackerel.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        try {
            fixture.assertKeyNeverLeaked();
        } finally {
            fixture.close();
        }
    }

    @Test
    void aDayOfALargePoolIsReadInAsFewCallsAsTheDatapointLimitAllows() {
        // 200 more app clients with sign-ins, sign-in only: about 400 queries, so a day does not fit one call
        fixture.put("activities", "sign_in");
        for (int i = 0; i < 200; i++) {
            fixture.attempts("SignIn", String.format("client%03dxxxxxxxxxxxxxxxxxx", i), WireFixture.P1, 1, 0);
        }

        // A dry run: the reads are the same, and some 230,000 values are not worth posting to a fake here
        int status = run("--config-parameter", WireFixture.CONFIG_PARAMETER, "--from", "2026-11-22T12:05:00Z", "--to",
                "2026-11-23T12:05:00Z", "--dry-run");

        assertEquals(0, status, err());
        // 12:05 to 12:35 the day before (7 periods) are older than Mackerel keeps (less the margin): 281 remain
        long periods = 281;
        List<RecordedRequest> reads = fixture.cloudWatch.requests("GetMetricData");
        int queries = ((List<?>) reads.get(0).decodedObject().get("MetricDataQueries")).size();
        assertTrue(queries > 358 && queries <= 500, "queries " + queries);
        long fewest = (periods * queries + Exporter.MAX_DATAPOINTS_PER_CALL - 1) / Exporter.MAX_DATAPOINTS_PER_CALL;
        assertEquals(2, fewest);
        assertEquals(fewest, reads.size());
        for (RecordedRequest read : reads) {
            assertEquals(queries, ((List<?>) read.decodedObject().get("MetricDataQueries")).size());
            long span = ((Instant) read.decodedObject().get("EndTime")).getEpochSecond()
                    - ((Instant) read.decodedObject().get("StartTime")).getEpochSecond();
            assertTrue(span / 300 * queries <= Exporter.MAX_DATAPOINTS_PER_CALL, "span " + span);
            assertEquals(null, read.decodedObject().get("NextToken"));
        }
        long perChunk = Exporter.MAX_DATAPOINTS_PER_CALL / queries;
        Instant split = Instant.parse("2026-11-22T12:40:00Z").plusSeconds(perChunk * 300);
        String[] lines = err().split("\\R");
        assertEquals(3, lines.length, err());
        assertEquals("progress: " + perChunk + "/281 periods (" + perChunk * 100 / 281 + "%), dry run, nothing "
                + "posted, chunk 2026-11-22T12:40:00Z/" + split, lines[0]);
        assertEquals("progress: 281/281 periods (100%), dry run, nothing posted, chunk " + split
                + "/2026-11-23T12:05:00Z", lines[1]);
        assertTrue(lines[2].startsWith("cognito-mackerel-metrics run ok dryRun=true window=2026-11-22T12:40:00Z/"
                + "2026-11-23T12:05:00Z period=300 "), lines[2]);
        assertTrue(lines[2].contains(" leftOut="), lines[2]);
        assertEquals(List.of(), fixture.mackerel.requests());
        fixture.assertNoViolations();
    }

    private int run(String... args) {
        Cli.ExporterSource source = new Cli.ExporterSource() {
            private AwsClients clients;

            @Override
            public Exporter open(Clock clock) {
                clients = AwsClients.fromEnvironment(fixture.environment());
                return new Exporter(clients.ssm(), clients.cloudWatch(), MackerelClient.create(clock), clock,
                        Duration.ZERO);
            }

            @Override
            public void close() {
                clients.close();
            }
        };
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), Clock.fixed(NOW, ZoneOffset.UTC),
                source);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
