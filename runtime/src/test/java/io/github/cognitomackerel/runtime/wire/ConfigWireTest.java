package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.KEY_PARAMETER;
import static io.github.cognitomackerel.runtime.wire.WireFixture.PATH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Configuration read from the fake SSM: every error names the full parameter name (and the bad value, never the
 * key's), nothing is read from CloudWatch or posted when the configuration is wrong, and a fix is picked up by the
 * next run of the same instance.
 */
class ConfigWireTest extends WireTest {

    @Test
    void missingRequiredParameterIsNamedInFullAndNothingElseIsCalled() {
        fixture.remove("user-pool-id");
        Handler handler = fixture.handler();

        WireFixture.Invocation run = fixture.invoke(handler);

        String message = run.assertFailed();
        assertTrue(message.contains("Parameter " + PATH + "/user-pool-id is missing: create it as a String"
                + " parameter"), message);
        assertEquals("", run.output());
        assertTrue(run.summary().startsWith("cognito-mackerel-metrics run failed calls=getMetricData:0,listMetrics:0,"
                + "ssm:1,mackerel:0 "), run.summary());
        assertTrue(run.summary().contains(PATH + "/user-pool-id is missing"), run.summary());
        assertEquals(1, fixture.ssmCalls());
        assertEquals(0, fixture.cloudWatch.requests().size());
        assertEquals(0, fixture.mackerel.requests().size());

        // The same instance picks up the fix on its next run: a failed run caches nothing
        fixture.put("user-pool-id", WireFixture.USER_POOL_ID);
        fixture.invoke(handler).assertOk();
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void malformedParameterIsNamedWithItsValueAndTheAllowedValues() {
        fixture.put("period-seconds", "abc");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("Parameter " + PATH + "/period-seconds must be 60 or 300, got 'abc'"), message);
        assertEquals(0, fixture.cloudWatch.requests().size());
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void everyProblemIsListedAtOnce() {
        fixture.remove("mackerel-service-name");
        fixture.put("zero-fill", "yes");
        fixture.put("period", "60"); // a typo of period-seconds must not be ignored

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("Parameter " + PATH + "/mackerel-service-name is missing"), message);
        assertTrue(message.contains("Parameter " + PATH + "/zero-fill must be true or false, got 'yes'"), message);
        assertTrue(message.contains("Parameter " + PATH + "/period is not a known setting"), message);
        assertEquals(0, fixture.cloudWatch.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void missingKeyParameterNamesItAndWhereItIsNamed() {
        fixture.ssm.deleteParameter(KEY_PARAMETER);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("Parameter " + KEY_PARAMETER + " (named by " + PATH
                + "/mackerel-api-key-parameter) does not exist"), message);
        assertTrue(message.contains("SecureString"), message);
        assertEquals(1, fixture.ssm.calls("GetParameter"));
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void keyStoredAsPlainStringIsRefusedWithoutShowingIt() {
        fixture.storeApiKey(API_KEY, ParameterType.STRING);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("Parameter " + KEY_PARAMETER + " (named by " + PATH
                + "/mackerel-api-key-parameter) is a String parameter, but the API key must be encrypted"), message);
        assertEquals(0, fixture.mackerel.requests().size(), "a key stored in plain text is never used");
        fixture.assertNoViolations();
        // (the @AfterEach leak check covers message, logs and stack trace)
    }

    @Test
    void keyParameterStoredUnderThePathIsNotAnUnknownSetting() {
        fixture.ssm.putParameter(PATH + "/api-key", API_KEY, ParameterType.SECURE_STRING);
        fixture.put("mackerel-api-key-parameter", PATH + "/api-key");

        fixture.invoke(fixture.handler()).assertOk();

        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        assertEquals(1, fixture.ssm.calls("GetParameter"));
        fixture.assertNoViolations();
    }

    @Test
    void missingParameterPathVariableIsNamed() {
        Handler handler = fixture.handler(Collections.singletonMap("COGNITO_MACKEREL_PARAMETER_PATH", null));

        WireFixture.Invocation run = fixture.invoke(handler);

        assertTrue(run.assertFailed().contains("COGNITO_MACKEREL_PARAMETER_PATH is not set"), run.failure()::toString);
        assertEquals(List.of(), fixture.ssm.requests());
        assertEquals(1, run.summaries().size());
    }
}
