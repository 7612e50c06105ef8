package io.github.cognitomackerel.runtime;

import io.github.cognitomackerel.CognitoActivity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.FakeClock;
import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.mackerel.RetryPolicy;
import io.github.cognitomackerel.runtime.internal.cloudwatch.StubCloudWatch;
import io.github.cognitomackerel.runtime.internal.run.StubSsm;
import io.github.cognitomackerel.runtime.internal.mackerel.StubTransport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class CliTest {

    static final String P = "/cognito-mackerel/prod";
    static final String POOL = "ap-northeast-1_AbCdEf123";

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final FakeClock clock = FakeClock.at("2026-11-23T12:07:00Z");
    final StubSsm ssm = new StubSsm();
    final StubCloudWatch cloudWatch = new StubCloudWatch();
    final StubTransport transport = new StubTransport();
    int opened;
    int closed;

    @BeforeEach
    void setUp() {
        ssm.setting(P, "user-pool-id", POOL)
                .setting(P, "mackerel-service-name", "my-service")
                .setting(P, "mackerel-api-key-parameter", "/mackerel/api-key")
                .setting(P, "activities", "sign_in")
                .setting(P, "zero-fill", "false")
                .put("/mackerel/api-key", ParameterType.SECURE_STRING, "secret-key");
        cloudWatch.successes(CognitoActivity.SIGN_IN, POOL, "webclient", null, "2026-11-23T11:55:00Z", 3, 5);
    }

    int run(String... args) {
        Cli.ExporterSource source = new Cli.ExporterSource() {
            @Override
            public Exporter open(Clock c) {
                opened++;
                MackerelClient mackerel = new MackerelClient(transport, new RetryPolicy(Duration.ofSeconds(1),
                        Duration.ofSeconds(30), 6, new Random(1)), clock.sleeper(), c);
                return new Exporter(ssm, cloudWatch, mackerel, c, Duration.ZERO);
            }

            @Override
            public void close() {
                closed++;
            }
        };
        return Cli.run(args, print(out), print(err), Map.of(), clock, source);
    }

    static PrintStream print(ByteArrayOutputStream stream) {
        return new PrintStream(stream, true, StandardCharsets.UTF_8);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        int status = Cli.run(new String[] {"--help"}, print(out), print(err), Map.of());
        assertEquals(0, status);
        assertTrue(out().startsWith("Usage: java -jar cognito-mackerel-metrics-runtime.jar --config-parameter NAME "
                + "[--at INSTANT | --from INSTANT --to INSTANT] [--dry-run] [--help]"), out());
        assertEquals("", err());
        assertEquals(0, run("--config-parameter", "bad", "-h"), "help wins over other arguments");
        assertEquals(0, opened);
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() {
        assertUsageError("error: --config-parameter is required: the name of the configuration parameter, shown by "
                + "the stack output ConfigParameterName");
        assertUsageError("error: unknown option '--bogus'", "--config-parameter", P, "--bogus");
        assertUsageError("error: unexpected argument 'now'", "--config-parameter", P, "now");
        assertUsageError("error: --at needs a value", "--config-parameter", P, "--at");
        assertUsageError("error: --at needs a value", "--at", "--dry-run", "--config-parameter", P);
        assertUsageError("error: --at must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got 'yesterday'",
                "--config-parameter", P, "--at", "yesterday");
        assertUsageError("error: --config-parameter must be the name of an SSM parameter like /my-app/config (levels "
                + "of [A-Za-z0-9_.-] separated by '/', not an ARN), got an ARN: give the name that follows 'parameter' "
                + "in it", "--config-parameter", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/x");
        assertUsageError("error: --config-parameter must be the name of an SSM parameter like /my-app/config (levels "
                + "of [A-Za-z0-9_.-] separated by '/', not an ARN), got a value of 9 characters that is not a parameter "
                + "name (not shown, in case it is a secret; character 3 is U+0020)", "--config-parameter", "my config");
        assertUsageError("error: --config-parameter is given twice", "--config-parameter", P, "--config-parameter=/x");
        assertUsageError("error: --dry-run takes no value", "--config-parameter", P, "--dry-run=yes");
        assertUsageError("error: --at 2027-11-23T12:05:00Z is in the future (now is " + clock.instant()
                + "): give a past instant", "--config-parameter", P, "--at", "2027-11-23T12:05:00Z");
        assertEquals(0, opened, "no run on bad usage");
    }

    @Test
    void rangeUsageErrorsExitTwoWithTheUsage() {
        String from = "2026-11-23T00:00:00Z";
        String to = "2026-11-23T12:00:00Z";
        assertUsageError("error: --at exports the lookback before one time, --from and --to a range: give one or "
                + "the other", "--config-parameter", P, "--at", to, "--from", from, "--to", to);
        assertUsageError("error: --to needs --from (the range's start)", "--config-parameter", P, "--to", to);
        assertTrue(assertUsageErrorStartingWith("error: --from needs --to (the range's end, e.g. now: ",
                "--config-parameter", P, "--from", from));
        assertUsageError("error: --from 2026-11-23T12:00:00Z must be before --to 2026-11-23T00:00:00Z",
                "--config-parameter", P, "--from", to, "--to", from);
        assertUsageError("error: --from must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got 'monday'",
                "--config-parameter", P, "--from", "monday", "--to", to);
        assertUsageError("error: --to is given twice", "--config-parameter", P, "--from", from, "--to", to, "--to=" + to);
        assertUsageError("error: --to 2027-11-23T12:05:00Z is in the future (now is " + clock.instant()
                + "): give a past instant", "--config-parameter", P, "--from", from, "--to", "2027-11-23T12:05:00Z");
        assertEquals(0, opened, "no run on bad usage");
    }

    private boolean assertUsageErrorStartingWith(String start, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, run(args), String.join(" ", args));
        return err().startsWith(start);
    }

    @Test
    void aRangeTooOldForMackerelExitsOneWithTheReason() {
        assertEquals(1, run("--config-parameter", P, "--from", "2026-11-01T00:00:00Z", "--to", "2026-11-02T00:00:00Z"));
        assertTrue(err().startsWith("cognito-mackerel-metrics run failed "), err());
        assertTrue(err().contains("reason=\"Every period from 2026-11-01T00:00:00Z to 2026-11-02T00:00:00Z is older "
                + "than Mackerel keeps (it drops values older than 24 hours; this exporter posts none older than 23 h "
                + "30 min): nothing was posted; give a time after 2026-11-22T12:37:00Z\""), err());
        assertEquals(0, ssm.calls());
        assertEquals(0, cloudWatch.calls());
        assertEquals("", out());
    }

    @Test
    void aRangeDryRunPrintsEveryPeriodAndAProgressLinePerChunk() {
        assertEquals(0, run("--config-parameter", P, "--from", "2026-11-23T11:00:00Z", "--to", "2026-11-23T12:00:00Z",
                "--dry-run"));
        List<?> values = (List<?>) Json.parse(out());
        // sign_in only, zero-fill off: the one period with data, 11:55, of webclient and total
        assertEquals(6, values.size(), out());
        String[] lines = err().split("\\R");
        assertEquals("progress: 12/12 periods (100%), dry run, nothing posted, chunk 2026-11-23T11:00:00Z/"
                + "2026-11-23T12:00:00Z", lines[0]);
        assertTrue(lines[1].startsWith("cognito-mackerel-metrics run ok dryRun=true window=2026-11-23T11:00:00Z/"
                + "2026-11-23T12:00:00Z period=300 "), lines[1]);
        assertEquals(List.of(), transport.requests);
    }

    private void assertUsageError(String firstLine, String... args) {
        out.reset();
        err.reset();
        assertEquals(2, run(args), String.join(" ", args));
        String[] lines = err().split("\\R");
        assertEquals(firstLine, lines[0]);
        assertEquals("", lines[1]);
        assertTrue(lines[2].startsWith("Usage: "), err());
        assertEquals("", out());
    }

    @Test
    void dryRunPrintsTheValuesOnePerLineAndPostsNothing() {
        assertEquals(0, run("--config-parameter=" + P, "--dry-run", "--at", "2026-11-23T12:05:00Z"));
        long p = Instant.parse("2026-11-23T11:55:00Z").getEpochSecond();
        String expected = String.join(System.lineSeparator(), "[",
                "{\"name\":\"cognito.sign_in.webclient.success\",\"time\":" + p + ",\"value\":3},",
                "{\"name\":\"cognito.sign_in.webclient.attempt\",\"time\":" + p + ",\"value\":5},",
                "{\"name\":\"cognito.sign_in.webclient.failure\",\"time\":" + p + ",\"value\":2},",
                "{\"name\":\"cognito.sign_in.total.success\",\"time\":" + p + ",\"value\":3},",
                "{\"name\":\"cognito.sign_in.total.attempt\",\"time\":" + p + ",\"value\":5},",
                "{\"name\":\"cognito.sign_in.total.failure\",\"time\":" + p + ",\"value\":2}",
                "]", "");
        assertEquals(expected, out());
        assertEquals(6, ((List<?>) Json.parse(out())).size());
        assertEquals(List.of(), transport.requests);
        assertEquals(List.of(P), ssm.getParameterRequests.stream().map(r -> r.name()).toList(),
                "the configuration only, not the key");
        String[] errLines = err().split("\\R");
        assertEquals(1, errLines.length, err());
        assertTrue(errLines[0].startsWith("cognito-mackerel-metrics run ok dryRun=true window=2026-11-23T11:50:00Z/"
                + "2026-11-23T12:05:00Z period=300 series=6 values=6 metrics=2 calls="), errLines[0]);
        assertEquals(1, closed);
    }

    @Test
    void aRunPostsAndPrintsTheSummaryLine() {
        assertEquals(0, run("--config-parameter", P));
        assertEquals(1, transport.requests.size());
        assertTrue(out().startsWith("cognito-mackerel-metrics run ok window=2026-11-23T11:50:00Z/2026-11-23T12:05:00Z"),
                out());
        assertEquals("", err());
    }

    @Test
    void aFailedRunExitsOneWithOneLineOnStderr() {
        transport.then(404);
        assertEquals(1, run("--config-parameter", P));
        String[] lines = err().split("\\R");
        assertEquals(1, lines.length, err());
        assertTrue(lines[0].startsWith("cognito-mackerel-metrics run failed "), lines[0]);
        assertTrue(lines[0].contains("service 'my-service' does not exist in Mackerel"), lines[0]);
        assertEquals("", out());
        assertEquals(1, closed);
    }

    @Test
    void clientsThatCannotBeBuiltFailTheRun() {
        Cli.ExporterSource broken = new Cli.ExporterSource() {
            @Override
            public Exporter open(Clock c) {
                throw new IllegalStateException("Unable to load region");
            }

            @Override
            public void close() {
            }
        };
        assertEquals(1, Cli.run(new String[] {"--config-parameter", P}, print(out), print(err), Map.of(), clock, broken));
        assertTrue(err().startsWith("cognito-mackerel-metrics run failed calls=getMetricData:0,listMetrics:0,ssm:0,"
                + "mackerel:0 retries=0 durationMs=0 reason=\"could not start: Unable to load region\""), err());
    }

    @Test
    void emptyDryRunIsAnEmptyArray() {
        assertEquals("[]" + System.lineSeparator(), Cli.valuesJson(List.of()));
    }
}
