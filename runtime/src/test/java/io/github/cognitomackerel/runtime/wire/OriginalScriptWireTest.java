package io.github.cognitomackerel.runtime.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.testing.RecordedRequest;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the benchmark's Python script ({@code bench/original.py}, boto3 and urllib, the original exporter's calls)
 * against the three fakes, so its ratio is measured on a run that did what it claims: every fake accepts boto3's and
 * urllib's requests (none a violation), and Mackerel receives the two values of the seeded activity. Skipped where
 * {@code python3} with boto3 is missing.
 */
class OriginalScriptWireTest {

    private WireFixture fixture;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        fixture = WireFixture.start();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void theScriptReadsSsmAndCloudWatchAndPostsTheTwoValuesWithoutAViolation() throws Exception {
        String python = Boto3.interpreterOrSkip();
        fixture.seedStandardActivity();
        Path script = tmp.resolve("original.py");
        try (InputStream in = OriginalScriptWireTest.class.getResourceAsStream("/bench/original.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }

        ChildJvm.Result result = ChildJvm.run(List.of(python, script.toString(), WireFixture.CONFIG_PARAMETER,
                WireFixture.T.toString()), ChildJvm.awsEnvironment(fixture), Boto3.PROCESS_LIMIT);

        assertEquals(0, result.exit(), result::stderr);
        assertEquals("posted 2 values", result.stdout().strip());
        assertEquals(List.of(), fixture.cloudWatch.violations());
        assertEquals(List.of(), fixture.ssm.violations());
        assertEquals(List.of(), fixture.mackerel.violations());
        // The first client by id is WEB: in the last period, 2 successful sign-ins of 4 attempts.
        assertEquals(Map.of("cognito.SignIn_Success", Map.of(WireFixture.P2, 2.0),
                "cognito.SignIn_Attempt", Map.of(WireFixture.P2, 4.0)), fixture.mackerel.values());
        RecordedRequest query = fixture.cloudWatch.requests("GetMetricData").get(0);
        assertEquals("application/x-amz-json-1.0", query.header("Content-Type"), "boto3 speaks AWS JSON 1.0");
        assertEquals(java.time.Instant.ofEpochSecond(WireFixture.P2), query.decodedObject().get("StartTime"));
        assertEquals(2, fixture.ssm.calls("GetParameter"));
        assertEquals(2, fixture.mackerel.requests().size());
        assertFalse(result.stdout().contains(WireFixture.API_KEY) || result.stderr().contains(WireFixture.API_KEY),
                "the key stays out of the script's output");
        assertTrue(fixture.cloudWatch.requests().stream().noneMatch(r -> r.contains(WireFixture.API_KEY)));
    }
}
