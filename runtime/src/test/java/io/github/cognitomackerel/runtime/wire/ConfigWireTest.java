package io.github.cognitomackerel.runtime.wire;

import static io.github.cognitomackerel.runtime.wire.WireFixture.API_KEY;
import static io.github.cognitomackerel.runtime.wire.WireFixture.CONFIG_PARAMETER;
import static io.github.cognitomackerel.runtime.wire.WireFixture.KEY_PARAMETER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.Handler;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The configuration document read from the fake SSM with one {@code GetParameter}: every error names the
 * configuration parameter, the setting and its prop (and the bad value, never a possible key), nothing is read from
 * CloudWatch or posted when the configuration is wrong, and a fix is picked up by the next run of the same instance.
 */
class ConfigWireTest extends WireTest {

    @Test
    void missingRequiredSettingIsNamedAndNothingElseIsCalled() {
        fixture.remove("user-pool-id");
        Handler handler = fixture.handler();

        WireFixture.Invocation run = fixture.invoke(handler);

        String message = run.assertFailed();
        assertTrue(message.contains("Configuration parameter " + CONFIG_PARAMETER + ": 'userPool' (setting "
                + "user-pool-id) is required"), message);
        assertEquals("", run.output());
        assertTrue(run.summary().startsWith("cognito-mackerel-metrics run failed calls=getMetricData:0,listMetrics:0,"
                + "ssm:1,mackerel:0 "), run.summary());
        assertEquals(1, fixture.ssm.calls("GetParameter"));
        assertEquals(Map.of("Name", CONFIG_PARAMETER, "WithDecryption", false),
                fixture.ssm.requests("GetParameter").get(0).decodedObject());
        assertEquals(0, fixture.cloudWatch.requests().size());
        assertEquals(0, fixture.mackerel.requests().size());

        // The same instance picks up the fix on its next run: a failed run caches nothing
        fixture.put("user-pool-id", WireFixture.USER_POOL_ID);
        fixture.invoke(handler).assertOk();
        assertEquals(WireFixture.standardExpected(), fixture.dataValues());
        fixture.assertNoViolations();
    }

    @Test
    void malformedSettingIsNamedWithItsValueAndTheAllowedValues() {
        fixture.put("period-seconds", "abc");

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("'period' (setting period-seconds) must be 60 or 300 seconds"), message);
        assertTrue(message.contains("got 'abc'"), message);
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

        assertTrue(message.contains("'mackerelServiceName' (setting mackerel-service-name) is required"), message);
        assertTrue(message.contains("'zeroFill' (setting zero-fill) must be true or false, got 'yes'"), message);
        assertTrue(message.contains("'period' is not a known setting"), message);
        assertEquals(0, fixture.cloudWatch.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void anOperatorsChangeIsPickedUpWithoutADeploy() {
        Handler handler = fixture.handler(Map.of("COGNITO_MACKEREL_CACHE_TTL_SECONDS", "0"));
        fixture.invoke(handler).assertOk();

        fixture.put("metric-name-prefix", "changed");
        fixture.invoke(handler).assertOk();

        assertEquals(4, fixture.ssm.calls("GetParameter"), "configuration and key, read again on the second run");
        assertTrue(fixture.mackerel.values().keySet().stream().anyMatch(name -> name.startsWith("changed.")),
                () -> fixture.mackerel.values().keySet().toString());
        fixture.assertNoViolations();
    }

    @Test
    void missingConfigurationParameterSaysWhereToFindItsName() {
        fixture.ssm.deleteParameter(CONFIG_PARAMETER);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("Configuration parameter " + CONFIG_PARAMETER + " does not exist"), message);
        assertTrue(message.contains("ConfigParameterName"), message);
        fixture.assertNoViolations();
    }

    @Test
    void configurationStoredAsSecureStringIsRefused() {
        fixture.ssm.putParameter(CONFIG_PARAMETER, "user-pool-id=x", ParameterType.SECURE_STRING);

        String message = fixture.invoke(fixture.handler()).assertFailed();

        assertTrue(message.contains("is a SecureString parameter, but the configuration is a String parameter"),
                message);
        fixture.assertNoViolations();
    }

    @Test
    void missingKeyParameterNamesItAndTheSettingThatNamesIt() {
        fixture.ssm.deleteParameter(KEY_PARAMETER);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("Parameter " + KEY_PARAMETER + " (named by the setting mackerel-api-key-parameter "
                + "(prop mackerelApiKeyParameterName)) does not exist"), message);
        assertTrue(message.contains("SecureString"), message);
        assertEquals(2, fixture.ssm.calls("GetParameter"), "the configuration, then the key");
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
    }

    @Test
    void keyStoredAsPlainStringIsRefusedWithoutShowingIt() {
        fixture.storeApiKey(API_KEY, ParameterType.STRING);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("Parameter " + KEY_PARAMETER + " (named by the setting mackerel-api-key-parameter "
                + "(prop mackerelApiKeyParameterName)) is a String parameter, but the API key must be encrypted"),
                message);
        assertEquals(0, fixture.mackerel.requests().size(), "a key stored in plain text is never used");
        fixture.assertNoViolations();
        // (the @AfterEach leak check covers message, logs and stack trace)
    }

    @Test
    void keyPastedWhereItsParameterNameBelongsIsNeverShown() {
        // The operator put the key itself in the setting: it must not reach SSM, a failure reason or a log line.
        fixture.put("mackerel-api-key-parameter", API_KEY);

        WireFixture.Invocation run = fixture.invoke(fixture.handler());

        String message = run.assertFailed();
        assertTrue(message.contains("'mackerelApiKeyParameterName' (setting mackerel-api-key-parameter) must be the "
                + "name of the SSM SecureString parameter"), message);
        assertTrue(message.contains("this looks like an API key; store the key as a SecureString parameter and put "
                + "its name here"), message);
        assertFalse(message.contains(API_KEY), message);
        assertEquals(1, fixture.ssm.calls("GetParameter"), "only the configuration was read");
        assertEquals(0, fixture.mackerel.requests().size());
        fixture.assertNoViolations();
        // (the @AfterEach leak check covers every output and DEBUG line of the run)
    }

    @Test
    void missingConfigParameterVariableIsNamed() {
        Handler handler = fixture.handler(Collections.singletonMap("COGNITO_MACKEREL_CONFIG_PARAMETER", null));

        WireFixture.Invocation run = fixture.invoke(handler);

        assertTrue(run.assertFailed().contains("COGNITO_MACKEREL_CONFIG_PARAMETER is not set"),
                run.failure()::toString);
        assertEquals(List.of(), fixture.ssm.requests());
        assertEquals(1, run.summaries().size());
    }

    @Test
    void aStalledSsmIsCutAtTheRunsDeadlineWithTheReason() {
        // SSM sends its headers, then nothing for 20 s; Lambda gives the run 5 s (3 s after the safety margin).
        fixture.ssm.stallAfterHeaders(java.time.Duration.ofSeconds(20), 1);

        WireFixture.Invocation run = fixture.invoke(fixture.handler(), WireFixture.eventBridgeEvent(WireFixture.T),
                5000);

        String message = run.assertFailed();
        assertTrue(message.startsWith("Stopped reading the configuration parameter " + CONFIG_PARAMETER + " from SSM: "
                + "the call did not end before the run's deadline"), message);
        assertTrue(run.millis() < 5000, () -> "took " + run.millis() + " ms: Lambda would have cut it first");
        assertEquals(1, run.summaries().size());
        assertEquals(0, fixture.mackerel.requests().size());
    }
}
