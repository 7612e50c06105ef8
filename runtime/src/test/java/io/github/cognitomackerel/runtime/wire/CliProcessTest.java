package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.CONFIG_PARAMETER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line as a user runs it: a separate JVM whose AWS SDK takes region, credentials and endpoints from
 * real environment variables, against the local fakes. Each test costs one child JVM, so there are few.
 */
class CliProcessTest extends WireTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** A child JVM runs on the real clock: the runs are for the last whole 5 minutes before now. */
    private final Instant at = Instant.ofEpochSecond(Instant.now().getEpochSecond() / 300 * 300);
    private final String window = at.minusSeconds(900) + "/" + at;
    private final String atText = at.toString();

    @Override
    protected boolean seedsStandardActivity() {
        return false;
    }

    @BeforeEach
    void recentActivity() {
        fixture.seedStandardActivityAt(at);
        fixture.mackerel.setClock(Clock.systemUTC());
    }

    @Test
    void dryRunPrintsTheValuesAsJsonAndPostsNothing() throws IOException {
        ChildJvm.Result result = cli("--config-parameter", CONFIG_PARAMETER, "--at", atText, "--dry-run");

        assertEquals(0, result.exit(), result::toString);
        List<?> printed = new ObjectMapper().readValue(result.stdout(), List.class);
        Map<String, Map<Long, Double>> values = new TreeMap<>();
        for (Object item : printed) {
            Map<?, ?> value = (Map<?, ?>) item;
            assertEquals(3, value.size(), value::toString);
            values.computeIfAbsent((String) value.get("name"), n -> new TreeMap<>())
                    .put(((Number) value.get("time")).longValue(), ((Number) value.get("value")).doubleValue());
        }
        assertEquals(WireFixture.standardExpectedAt(at), values);
        assertEquals(List.of(), fixture.mackerel.requests());
        assertEquals(1, fixture.ssm.calls("GetParameter"), "a dry run reads the configuration, not the key");
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        List<String> lines = result.stderrLines();
        assertEquals(1, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("cognito-mackerel-metrics run ok dryRun=true window=" + window
                + " period=300 series=48 values=144"), lines.get(0));
        assertNoKey(result);
        fixture.assertNoViolations();
    }

    @Test
    void runPostsTheWindowBeforeAt() {
        ChildJvm.Result result = cli("--config-parameter", CONFIG_PARAMETER, "--at", atText);

        assertEquals(0, result.exit(), result::toString);
        assertEquals(WireFixture.standardExpectedAt(at), fixture.dataValues());
        assertEquals(1, fixture.mackerelPosts());
        assertTrue(result.stdout().startsWith("cognito-mackerel-metrics run ok window=" + window
                + " period=300 series=48 values=144"), result::toString);
        assertEquals(1, result.stdout().lines().count(), result::toString);
        assertEquals(List.of(), result.stderrLines(), result::toString);
        assertNoKey(result);
        fixture.assertNoViolations();
    }

    @Test
    void failedRunExitsWithOneAndOneLineSayingWhy() {
        fixture.mackerel.respondWith(403, Map.of(), "{\"error\":{\"message\":\"Forbidden: " + API_KEY + "\"}}", 1);

        ChildJvm.Result result = cli("--config-parameter", CONFIG_PARAMETER, "--at", atText);

        assertEquals(1, result.exit(), result::toString);
        assertEquals("", result.stdout());
        List<String> lines = result.stderr().lines().toList();
        assertEquals(1, lines.size(), result::toString);
        String line = lines.get(0);
        assertTrue(line.startsWith("cognito-mackerel-metrics run failed "), line);
        assertTrue(line.contains("Posted 0 of 144 values to Mackerel"), line);
        assertTrue(line.contains("Write permission"), line);
        assertFalse(result.stderr().contains("Exception"), result::toString);
        assertFalse(result.stderr().contains("\tat "), result::toString);
        assertNoKey(result);
        assertEquals(1, fixture.mackerelPosts());
    }

    @Test
    void rangeBackfillOfTheLast24HoursPostsWhatMackerelKeepsInOneProcess() {
        Instant from = at.minus(Duration.ofHours(24));

        ChildJvm.Result result = cli("--config-parameter", CONFIG_PARAMETER, "--from", from.toString(), "--to", atText);

        assertEquals(0, result.exit(), result::toString);
        String summary = result.stdout().strip();
        // Mackerel keeps 24 hours and the exporter posts nothing older than 23 h 30 min: of the 288 periods, the
        // first 6 (7 when now is past a 5-minute boundary) are left out, and said so
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^cognito-mackerel-metrics run ok window=(\\S+)/"
                + at + " period=300 series=48 values=(\\d+) leftOut=(288|336) metrics=\\d+ calls=getMetricData:1,listMetrics:1,"
                + "ssm:2,mackerel:(\\d+) retries=0 durationMs=(\\d+) note=\"left out (288|336) values of " + from
                + "/\\S+ \\((6|7) periods\\): older than Mackerel keeps\"$").matcher(summary);
        assertTrue(m.matches(), summary);
        int values = Integer.parseInt(m.group(2));
        assertEquals((288 - Integer.parseInt(m.group(7))) * 48, values);
        assertEquals((values + 999) / 1000, Integer.parseInt(m.group(4)), "POSTs of 1000");
        // One chunk (24 queries x 282 periods fit one GetMetricData call): one progress line
        assertEquals(List.of("progress: " + values / 48 + "/" + values / 48 + " periods (100%), " + values
                + " values posted, chunk " + m.group(1) + "/" + at), result.stderrLines(), result::toString);
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        assertEquals(values, fixture.dataValues().values().stream().mapToInt(Map::size).sum());
        assertEquals(Map.of(), fixture.exporterValues(), "a backfill posts no heartbeat");
        assertEquals(0, fixture.mackerel.droppedCount());
        assertNoKey(result);
        fixture.assertNoViolations();
        System.out.println("24-hour range backfill in a child JVM: " + result.millis() + " ms, " + summary);
    }

    @Test
    void rangeOlderThanMackerelKeepsExitsWithOneAndSaysWhy() {
        ChildJvm.Result result = cli("--config-parameter", CONFIG_PARAMETER, "--from", "2026-01-01T00:00:00Z", "--to",
                "2026-01-02T00:00:00Z", "--dry-run");

        assertEquals(1, result.exit(), result::toString);
        assertEquals("", result.stdout());
        List<String> lines = result.stderrLines();
        assertEquals(1, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("cognito-mackerel-metrics run failed calls=getMetricData:0,listMetrics:0,"
                + "ssm:0,mackerel:0 retries=0 "), lines.get(0));
        assertTrue(lines.get(0).contains("reason=\"Every period from 2026-01-01T00:00:00Z to 2026-01-02T00:00:00Z is "
                + "older than Mackerel keeps"), lines.get(0));
        assertEquals(List.of(), fixture.ssm.requests());
        assertEquals(List.of(), fixture.cloudWatch.requests());
    }

    @Test
    void badUsageExitsWithTwoAndPrintsUsage() {
        ChildJvm.Result result = cli("--at", atText, "--verbose");

        assertEquals(2, result.exit(), result::toString);
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("error: "), result::toString);
        assertTrue(result.stderr().contains("Usage: java -jar cognito-mackerel-metrics-runtime.jar --config-parameter"
                + " NAME"), result::toString);
        assertEquals(List.of(), fixture.ssm.requests());
    }

    @Test
    void helpExitsWithZeroAndPrintsUsage() {
        ChildJvm.Result result = cli("--help");

        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.stdout().startsWith("Usage: java -jar cognito-mackerel-metrics-runtime.jar"), result::toString);
        assertTrue(result.stdout().contains("--dry-run"), result::toString);
        assertEquals("", result.stderr());
    }

    private ChildJvm.Result cli(String... args) {
        List<String> command = new ArrayList<>(List.of(ChildJvm.javaBin(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.github.cognitomackerel.runtime.Cli"));
        command.addAll(List.of(args));
        return ChildJvm.run(command, ChildJvm.awsEnvironment(fixture), TIMEOUT);
    }

    private static void assertNoKey(ChildJvm.Result result) {
        WireFixture.assertNoSecret(API_KEY, result.stdout(), "CLI stdout");
        WireFixture.assertNoSecret(API_KEY, result.stderr(), "CLI stderr");
    }
}
