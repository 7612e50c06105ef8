package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The command line as a user runs it: a separate JVM whose AWS SDK takes region, credentials and endpoints from
 * real environment variables, against the local fakes. Each test costs one child JVM, so there are few.
 */
class CliProcessTest extends WireTest {

    private static final String AT = "2026-11-23T12:05:00Z";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void dryRunPrintsTheValuesAsJsonAndPostsNothing() throws IOException {
        ChildJvm.Result result = cli("--parameter-path", PATH, "--at", AT, "--dry-run");

        assertEquals(0, result.exit(), result::toString);
        List<?> printed = new ObjectMapper().readValue(result.stdout(), List.class);
        Map<String, Map<Long, Double>> values = new TreeMap<>();
        for (Object item : printed) {
            Map<?, ?> value = (Map<?, ?>) item;
            assertEquals(3, value.size(), value::toString);
            values.computeIfAbsent((String) value.get("name"), n -> new TreeMap<>())
                    .put(((Number) value.get("time")).longValue(), ((Number) value.get("value")).doubleValue());
        }
        assertEquals(WireFixture.standardExpected(), values);
        assertEquals(List.of(), fixture.mackerel.requests());
        assertEquals(0, fixture.ssm.calls("GetParameter"), "a dry run does not read the key");
        assertEquals(1, fixture.cloudWatch.calls("GetMetricData"));
        List<String> lines = result.stderrLines();
        assertEquals(1, lines.size(), result::toString);
        assertTrue(lines.get(0).startsWith("cognito-mackerel-metrics run ok dryRun=true window=2026-11-23T11:50:00Z/"
                + "2026-11-23T12:05:00Z period=300 series=48 values=144"), lines.get(0));
        assertNoKey(result);
        fixture.assertNoViolations();
    }

    @Test
    void runPostsTheWindowBeforeAt() {
        ChildJvm.Result result = cli("--parameter-path", PATH, "--at", AT);

        assertEquals(0, result.exit(), result::toString);
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        assertEquals(1, fixture.mackerelPosts());
        assertTrue(result.stdout().startsWith("cognito-mackerel-metrics run ok window=2026-11-23T11:50:00Z/"
                + "2026-11-23T12:05:00Z period=300 series=48 values=144"), result::toString);
        assertEquals(1, result.stdout().lines().count(), result::toString);
        assertEquals(List.of(), result.stderrLines(), result::toString);
        assertNoKey(result);
        fixture.assertNoViolations();
    }

    @Test
    void failedRunExitsWithOneAndOneLineSayingWhy() {
        fixture.mackerel.respondWith(403, Map.of(), "{\"error\":{\"message\":\"Forbidden: " + API_KEY + "\"}}", 1);

        ChildJvm.Result result = cli("--parameter-path", PATH, "--at", AT);

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
    void badUsageExitsWithTwoAndPrintsUsage() {
        ChildJvm.Result result = cli("--at", AT, "--verbose");

        assertEquals(2, result.exit(), result::toString);
        assertEquals("", result.stdout());
        assertTrue(result.stderr().startsWith("error: "), result::toString);
        assertTrue(result.stderr().contains("Usage: java -jar cognito-mackerel-metrics-runtime.jar --parameter-path"
                + " PATH"), result::toString);
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
