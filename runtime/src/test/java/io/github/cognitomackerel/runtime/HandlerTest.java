package io.github.cognitomackerel.runtime;

import io.github.cognitomackerel.CognitoActivity;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.runtime.internal.run.Exporter;
import io.github.cognitomackerel.runtime.internal.FakeClock;
import io.github.cognitomackerel.runtime.internal.mackerel.MackerelClient;
import io.github.cognitomackerel.runtime.internal.mackerel.RetryPolicy;
import io.github.cognitomackerel.runtime.internal.run.RunFailedException;
import io.github.cognitomackerel.runtime.internal.cloudwatch.StubCloudWatch;
import io.github.cognitomackerel.runtime.internal.run.StubSsm;
import io.github.cognitomackerel.runtime.internal.mackerel.StubTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class HandlerTest {

    static final String P = "/cognito-mackerel/prod";
    static final String POOL = "ap-northeast-1_AbCdEf123";
    static final String KEY = "mkr-SECRET-0123456789abcdef";
    static final String EVENT = "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\","
            + "\"time\":\"2026-11-23T12:05:00Z\",\"resources\":[],\"detail\":{}}";

    final FakeClock clock = FakeClock.at("2026-11-23T12:05:07Z");
    final StubSsm ssm = new StubSsm();
    final StubCloudWatch cloudWatch = new StubCloudWatch();
    final StubTransport transport = new StubTransport();
    final Map<String, String> environment = new HashMap<>(Map.of("COGNITO_MACKEREL_CONFIG_PARAMETER", P));
    final List<String> lines = new ArrayList<>();
    final List<LogLevel> levels = new ArrayList<>();
    int exportersBuilt;
    int remainingMillis = 60_000;

    @BeforeEach
    void setUp() {
        ssm.setting(P, "user-pool-id", POOL)
                .setting(P, "mackerel-service-name", "my-service")
                .setting(P, "mackerel-api-key-parameter", "/mackerel/api-key")
                .setting(P, "activities", "sign_in")
                .put("/mackerel/api-key", ParameterType.SECURE_STRING, KEY);
        cloudWatch.successes(CognitoActivity.SIGN_IN, POOL, "webclient", null, "2026-11-23T12:00:00Z", 3, 5);
    }

    Handler handler() {
        return new Handler(environment, clock, (env, c) -> {
            exportersBuilt++;
            MackerelClient mackerel = new MackerelClient(transport,
                    new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6, new Random(1)), clock.sleeper(), c);
            return new Exporter(ssm, cloudWatch, mackerel, c, Duration.ofSeconds(900));
        });
    }

    String invoke(Handler handler, String event) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), output, context());
        return output.toString(StandardCharsets.UTF_8);
    }

    Context context() {
        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                log(message, LogLevel.UNDEFINED);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }

            @Override
            public void log(String message, LogLevel level) {
                lines.add(message);
                levels.add(level);
            }
        };
        return new Context() {
            public String getAwsRequestId() {
                return "req-1";
            }

            public String getLogGroupName() {
                return "/aws/lambda/fn";
            }

            public String getLogStreamName() {
                return "stream";
            }

            public String getFunctionName() {
                return "fn";
            }

            public String getFunctionVersion() {
                return "$LATEST";
            }

            public String getInvokedFunctionArn() {
                return "arn:aws:lambda:ap-northeast-1:123456789012:function:fn";
            }

            public CognitoIdentity getIdentity() {
                return null;
            }

            public ClientContext getClientContext() {
                return null;
            }

            public int getRemainingTimeInMillis() {
                return remainingMillis;
            }

            public int getMemoryLimitInMB() {
                return 512;
            }

            public LambdaLogger getLogger() {
                return logger;
            }
        };
    }

    @Test
    void writesTheJsonSummaryAndLogsOneLine() throws IOException {
        String output = invoke(handler(), EVENT);
        assertEquals("{\"status\":\"ok\",\"windowStart\":\"2026-11-23T11:50:00Z\",\"windowEnd\":"
                + "\"2026-11-23T12:05:00Z\",\"values\":24,\"series\":8,\"metrics\":2}", output);
        assertEquals(List.of("cognito-mackerel-metrics run ok window=2026-11-23T11:50:00Z/2026-11-23T12:05:00Z "
                + "period=300 series=8 values=24 metrics=2 calls=getMetricData:1,listMetrics:1,ssm:2,mackerel:1 retries=0 "
                + "durationMs=0"), lines);
        assertEquals(List.of(LogLevel.INFO), levels);
    }

    @Test
    void buildsTheExporterOnceAndCachesAcrossInvocations() throws IOException {
        Handler handler = handler();
        invoke(handler, EVENT);
        lines.clear();
        clock.advance(Duration.ofMinutes(5));
        invoke(handler, "{\"time\":\"2026-11-23T12:10:00Z\"}");
        assertEquals(1, exportersBuilt);
        assertTrue(lines.get(0).contains("calls=getMetricData:1,listMetrics:0,ssm:0,mackerel:1"), lines.get(0));
    }

    @Test
    void emptyEventMeansNow() throws IOException {
        clock.advance(Duration.ofMinutes(5));
        assertTrue(invoke(handler(), "{}").contains("\"windowEnd\":\"2026-11-23T12:10:00Z\""));
    }

    @Test
    void aFailedRunThrowsAndLogsTheReasonAtError() {
        transport.then(403);
        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler(), EVENT));
        assertEquals("Posted 0 of 24 values to Mackerel: Mackerel refused the request (HTTP 403): the API key lacks "
                + "Write permission or your IP is not allowed: put a key with Write permission in /mackerel/api-key or "
                + "allow this IP address for the key", e.getMessage());
        assertEquals(List.of(LogLevel.ERROR), levels);
        assertTrue(lines.get(0).startsWith("cognito-mackerel-metrics run failed window="), lines.get(0));
        assertTrue(lines.get(0).endsWith("reason=\"" + e.getMessage() + "\""), lines.get(0));
    }

    @Test
    void aBadEventTimeFailsNamingTheField() {
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> invoke(handler(), "{\"at\":\"yesterday\"}"));
        assertEquals("Event field 'at' must be an ISO-8601 instant like 2026-11-23T12:05:00Z, got 'yesterday'",
                e.getMessage());
        assertEquals(0, ssm.calls());
    }

    @Test
    void theKeyNeverReachesTheExceptionOrTheLog() {
        transport.then(401, null, "{\"error\":{\"message\":\"unknown key " + KEY + "\"}}");
        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler(), EVENT));
        assertFalse(e.getMessage().contains(KEY));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.toString());
        }
        assertFalse(String.join("\n", lines).contains(KEY));
    }

    @Test
    void debugLinesOnlyWithAwsLambdaLogLevelDebug() throws IOException {
        invoke(handler(), EVENT);
        assertFalse(levels.contains(LogLevel.DEBUG));
        environment.put("AWS_LAMBDA_LOG_LEVEL", "DEBUG");
        lines.clear();
        levels.clear();
        invoke(handler(), EVENT);
        assertTrue(levels.contains(LogLevel.DEBUG));
        assertEquals(1, levels.stream().filter(l -> l != LogLevel.DEBUG).count(), "still one summary line");
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("getMetricData call 1/1")), lines.toString());
    }

    @Test
    void retriesStopBeforeLambdasRemainingTimeRunsOut() {
        remainingMillis = 4_000;
        for (int i = 0; i < 6; i++) {
            transport.then(503);
        }
        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler(), EVENT));
        assertTrue(e.getMessage().contains("would pass the run's deadline"), e.getMessage());
        Duration budget = Duration.ofMillis(remainingMillis).minus(Handler.SAFETY_MARGIN);
        assertEquals(clock.instant().minus(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus)).plus(budget),
                transport.requests.get(0).deadline(), "the request is bounded by Lambda's remaining time");
        assertTrue(clock.sleeps().stream().reduce(Duration.ZERO, Duration::plus).compareTo(budget) < 0,
                clock.sleeps().toString());
    }

    @Test
    void publicConstructorFailsClearlyWithoutAParameterPath() {
        Handler handler = new Handler(Map.of());
        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler, "{}"));
        assertEquals("COGNITO_MACKEREL_CONFIG_PARAMETER is not set: set it to the name of the SSM String parameter "
                + "holding the configuration (the stack output ConfigParameterName)", e.getMessage());
        assertTrue(lines.get(0).startsWith("cognito-mackerel-metrics run failed calls="), lines.get(0));
    }

    @Test
    void aBadCacheTtlFailsTheRun() {
        Handler handler = new Handler(Map.of("COGNITO_MACKEREL_CONFIG_PARAMETER", P,
                "COGNITO_MACKEREL_CACHE_TTL_SECONDS", "soon", "AWS_REGION", "ap-northeast-1"));
        RunFailedException e = assertThrows(RunFailedException.class, () -> invoke(handler, "{}"));
        assertTrue(e.getMessage().startsWith("COGNITO_MACKEREL_CACHE_TTL_SECONDS must be a whole number"),
                e.getMessage());
    }
}
