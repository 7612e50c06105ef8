package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.ssm.StringParameter;

/** Every rule on the props: one failing case each, with its exact message; tokens pass; advice is a warning. */
class CognitoMackerelMetricsValidationTest {

    private static String failure(UnaryOperator<CognitoMackerelMetricsProps.Builder> change) {
        Stack stack = Fixtures.stack();
        return assertThrows(IllegalArgumentException.class, () -> change.apply(Fixtures.minimal(stack)).build())
                .getMessage();
    }

    @Test
    void failsWithoutUserPool() {
        assertEquals("'userPool' is required: pass the IUserPool whose metrics to export (an imported pool works: "
                + "UserPool.fromUserPoolId(scope, id, userPoolId))", failure(b -> b.userPool(null)));
    }

    @Test
    void failsWithoutMackerelServiceName() {
        assertEquals("'mackerelServiceName' (setting mackerel-service-name) is required: set it to the name of "
                + "the Mackerel service that receives the metrics", failure(b -> b.mackerelServiceName(null)));
    }

    @Test
    void failsWhenMackerelServiceNameHasASpace() {
        assertEquals("'mackerelServiceName' (setting mackerel-service-name) must be 2-63 characters of "
                + "[A-Za-z0-9_-] not starting with '-' or '_', got 'my service': use the name of a Mackerel "
                + "service", failure(b -> b.mackerelServiceName("my service")));
    }

    @Test
    void failsWhenMackerelServiceNameStartsWithADash() {
        assertEquals("'mackerelServiceName' (setting mackerel-service-name) must be 2-63 characters of "
                + "[A-Za-z0-9_-] not starting with '-' or '_', got '-service': use the name of a Mackerel "
                + "service", failure(b -> b.mackerelServiceName("-service")));
    }

    @Test
    void failsWhenMackerelServiceNameIsTooLong() {
        String name = "s".repeat(64);
        assertEquals("'mackerelServiceName' (setting mackerel-service-name) must be 2-63 characters of "
                + "[A-Za-z0-9_-] not starting with '-' or '_', got "
                + "'ssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssssss': use the name of a "
                + "Mackerel service", failure(b -> b.mackerelServiceName(name)));
    }

    @Test
    void failsWithoutApiKeyParameter() {
        assertEquals("one of 'mackerelApiKeyParameter' and 'mackerelApiKeyParameterName' is required: the existing "
                + "SSM SecureString parameter that holds the Mackerel API key",
                failure(b -> b.mackerelApiKeyParameterName(null)));
    }

    @Test
    void failsWithBothApiKeyParameterAndName() {
        Stack stack = Fixtures.stack();
        var builder = Fixtures.minimal(stack)
                .mackerelApiKeyParameter(StringParameter.fromStringParameterName(stack, "Key", "/other/key"));
        assertEquals("set only one of 'mackerelApiKeyParameter' and 'mackerelApiKeyParameterName', not both",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenApiKeyParameterNameIsAnArn() {
        String arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/api-key";
        assertEquals("'mackerelApiKeyParameterName' (setting mackerel-api-key-parameter) must be the name of the "
                + "SSM SecureString parameter that holds the Mackerel API key, like /mackerel/api-key (levels "
                + "of [A-Za-z0-9_.-] separated by '/', not an ARN), got an ARN: give the name that follows "
                + "'parameter' in it",
                failure(b -> b.mackerelApiKeyParameterName(arn)));
    }

    @Test
    void failsWhenApiKeyParameterNameIsAToken() {
        Stack stack = Fixtures.stack();
        String name = CfnParameter.Builder.create(stack, "KeyName").type("String").build().getValueAsString();
        var builder = Fixtures.minimal(stack).mackerelApiKeyParameterName(name);
        assertEquals("'mackerelApiKeyParameterName' is a token, so its ARN cannot be derived at synth; pass "
                + "'mackerelApiKeyParameter' instead, e.g. StringParameter.fromSecureStringParameterAttributes(scope, "
                + "id, SecureStringParameterAttributes.builder().parameterName(name).simpleName(false).build())",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenClientAliasIsTotal() {
        assertEquals("'clients' alias 'total' (setting clients.total) must match [a-z0-9][a-z0-9_]{0,62} and must "
                + "not be 'total' (the sum over all clients) or 'admin' (Cognito's client for administrator "
                + "actions): choose another alias",
                clientsFailure(Map.of("total", "client1")));
    }

    @Test
    void failsWhenClientAliasIsNotLowerCase() {
        assertEquals("'clients' alias 'Web' (setting clients.Web) must match [a-z0-9][a-z0-9_]{0,62} and must not "
                + "be 'total' (the sum over all clients) or 'admin' (Cognito's client for administrator "
                + "actions): choose another alias", clientsFailure(Map.of("Web", "client1")));
    }

    @Test
    void failsWhenClientAliasStartsWithAnUnderscore() {
        assertEquals("'clients' alias '_web' (setting clients._web) must match [a-z0-9][a-z0-9_]{0,62} and must "
                + "not be 'total' (the sum over all clients) or 'admin' (Cognito's client for administrator "
                + "actions): choose another alias", clientsFailure(Map.of("_web", "client1")));
    }

    @Test
    void failsWhenTwoAliasesShareAClient() {
        Stack stack = Fixtures.stack();
        IUserPoolClient client = Fixtures.importedClient(stack, "Client", "client1");
        var builder = Fixtures.minimal(stack).clients(Map.of("web", client, "app", client));
        assertEquals("'clients' maps aliases 'app' and 'web' (settings clients.app, clients.web) to the same app "
                + "client 'client1': give each client one alias",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenClientsContainNull() {
        Map<String, IUserPoolClient> clients = new LinkedHashMap<>();
        clients.put("web", null);
        assertEquals("'clients' must not contain a null alias or client; got 'web' -> null",
                failure(b -> b.clients(clients)));
    }

    @Test
    void failsWhenBaseUrlIsNotHttps() {
        assertEquals("'mackerelApiBaseUrl' (setting mackerel-api-base-url) must be an https URL without user "
                + "info, query or fragment, like https://api.mackerelio.com/ (http only for a loopback address "
                + "such as http://127.0.0.1:8080/, for local tests), got 'http://api.mackerelio.com/': fix it, "
                + "or leave it unset for https://api.mackerelio.com/",
                failure(b -> b.mackerelApiBaseUrl("http://api.mackerelio.com/")));
    }

    @Test
    void failsWhenBaseUrlHasAQuery() {
        assertEquals("'mackerelApiBaseUrl' (setting mackerel-api-base-url) must be an https URL without user "
                + "info, query or fragment, like https://api.mackerelio.com/ (http only for a loopback address "
                + "such as http://127.0.0.1:8080/, for local tests), got 'https://api.mackerelio.com/?a=b': "
                + "fix it, or leave it unset for https://api.mackerelio.com/",
                failure(b -> b.mackerelApiBaseUrl("https://api.mackerelio.com/?a=b")));
    }

    @Test
    void addsTheMissingTrailingSlashToTheBaseUrl() {
        Stack stack = Fixtures.stack();
        assertEquals("https://mackerel.example.com/api/", Fixtures.minimal(stack)
                .mackerelApiBaseUrl("https://mackerel.example.com/api").build().getMackerelApiBaseUrl());
    }

    @Test
    void failsWhenMetricNamePrefixIsNotLowerCaseWords() {
        assertEquals("'metricNamePrefix' (setting metric-name-prefix) must be lower-case dot-separated words of "
                + "[a-z0-9_], like cognito or myapp.cognito, got 'Cognito.': fix it, or leave it unset for "
                + "'cognito'", failure(b -> b.metricNamePrefix("Cognito.")));
    }

    @Test
    void failsWhenActivitiesAreEmpty() {
        assertEquals("'activities' (setting activities) must be a comma-separated list of sign_up, sign_in, "
                + "token_refresh, federation with at least one and none twice (no activity), got '': fix it, "
                + "or leave it unset to export all four",
                failure(b -> b.activities(List.of())));
    }

    @Test
    void failsWhenActivitiesRepeat() {
        assertEquals("'activities' (setting activities) must be a comma-separated list of sign_up, sign_in, "
                + "token_refresh, federation with at least one and none twice ('sign_in' is listed twice), got "
                + "'sign_in,sign_up,sign_in': fix it, or leave it unset to export all four",
                failure(b -> b.activities(CognitoActivity.SIGN_IN, CognitoActivity.SIGN_UP, CognitoActivity.SIGN_IN)));
    }

    @Test
    void failsWhenActivitiesContainNull() {
        assertEquals("'activities' must not contain null; got [SIGN_IN, null]",
                failure(b -> b.activities(CognitoActivity.SIGN_IN, null)));
    }

    @Test
    void failsWhenLegacyClientIsNotAnAlias() {
        Stack stack = Fixtures.stack();
        var builder = Fixtures.minimal(stack)
                .clients(Map.of("web", Fixtures.importedClient(stack, "Web", "client1"),
                        "mobile", Fixtures.importedClient(stack, "Mobile", "client2")))
                .legacyMetricNamesClient("ios");
        assertEquals("'legacyMetricNamesClient' (setting legacy-metric-names-client) must be 'total' or an alias "
                + "from 'clients' [mobile, web], got 'ios': fix it, or leave it unset to post no legacy names",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenLegacyClientIsSetWithoutSignIn() {
        assertEquals("'legacyMetricNamesClient' (setting legacy-metric-names-client) needs sign_in in "
                + "'activities' (setting activities) (the original script's names are sign-in values), got "
                + "activities 'sign_up,federation': add SIGN_IN to 'activities' or unset "
                + "'legacyMetricNamesClient'",
                failure(b -> b.activities(CognitoActivity.SIGN_UP, CognitoActivity.FEDERATION)
                        .legacyMetricNamesClient("total")));
    }

    @Test
    void failsWhenLegacyClientIsATokenWithoutSignIn() {
        Stack stack = Fixtures.stack();
        String alias = parameter(stack, "Legacy", "String").getValueAsString();
        var builder = Fixtures.minimal(stack).activities(CognitoActivity.SIGN_UP).legacyMetricNamesClient(alias);
        assertEquals("'legacyMetricNamesClient' (setting legacy-metric-names-client) needs sign_in in 'activities' "
                + "(setting activities) (the original script's names are sign-in values), got activities 'sign_up': "
                + "add SIGN_IN to 'activities' or unset 'legacyMetricNamesClient'", assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void legacyClientWithSignInAmongOtherActivitiesIsAccepted() {
        Stack stack = Fixtures.stack();
        assertEquals("total", Fixtures.minimal(stack)
                .activities(CognitoActivity.SIGN_UP, CognitoActivity.SIGN_IN)
                .legacyMetricNamesClient("total")
                .build().getLegacyMetricNamesClient());
    }

    @Test
    void failsWhenMackerelBatchSizeIsZero() {
        assertEquals(batchSizeMessage("0"), failure(b -> b.mackerelBatchSize(0)));
    }

    @Test
    void failsWhenMackerelBatchSizeIsAboveTheRuntimesMaximum() {
        assertEquals(batchSizeMessage("5001"), failure(b -> b.mackerelBatchSize(5001)));
    }

    @Test
    void failsWhenMackerelBatchSizeIsNotWhole() {
        assertEquals(batchSizeMessage("2.5"), failure(b -> b.mackerelBatchSize(2.5)));
    }

    @Test
    void mackerelBatchSizeBoundsAreAcceptedAndItIsUnsetByDefault() {
        var pool = Fixtures.importedPool(Fixtures.stack());
        assertEquals(1, Fixtures.minimal(pool).mackerelBatchSize(1).build().getMackerelBatchSize());
        assertEquals(5000, Fixtures.minimal(pool).mackerelBatchSize(5000).build().getMackerelBatchSize());
        assertNull(Fixtures.minimal(pool).build().getMackerelBatchSize());
    }

    @Test
    void failsWhenPeriodIsNeitherOneNorFiveMinutes() {
        assertEquals("'period' (setting period-seconds) must be 60 or 300 seconds (Duration.minutes(1) or "
                + "Duration.minutes(5)), got '120': fix it, or leave it unset for 300",
                failure(b -> b.period(Duration.minutes(2))));
    }

    @Test
    void failsWhenLookbackIsNotAMultipleOfPeriod() {
        assertEquals("'lookback' (setting lookback-seconds) must be a whole multiple of the period (300 s) from "
                + "one period (300 s) to 84600 seconds (23 hours 30 minutes: Mackerel keeps 24 hours, less a "
                + "30-minute margin, so an older period would be dropped), got '720': fix it, or leave it "
                + "unset for 900", failure(b -> b.lookback(Duration.minutes(12))));
    }

    @Test
    void failsWhenLookbackIsShorterThanPeriod() {
        assertEquals("'lookback' (setting lookback-seconds) must be a whole multiple of the period (300 s) from "
                + "one period (300 s) to 84600 seconds (23 hours 30 minutes: Mackerel keeps 24 hours, less a "
                + "30-minute margin, so an older period would be dropped), got '0': fix it, or leave it unset "
                + "for 900", failure(b -> b.lookback(Duration.seconds(0))));
    }

    @Test
    void failsWhenLookbackIsLongerThanADay() {
        assertEquals("'lookback' (setting lookback-seconds) must be a whole multiple of the period (300 s) from "
                + "one period (300 s) to 84600 seconds (23 hours 30 minutes: Mackerel keeps 24 hours, less a "
                + "30-minute margin, so an older period would be dropped), got '90000': fix it, or leave it "
                + "unset for 900", failure(b -> b.lookback(Duration.hours(25))));
    }

    @Test
    void failsWhenScheduleIsNotWholeMinutes() {
        assertEquals("'schedule' must be a whole number of minutes, at least 1 minute; got 1 minute 30 seconds",
                failure(b -> b.schedule(Duration.seconds(90))));
    }

    @Test
    void failsWhenScheduleIsLongerThanLookback() {
        assertEquals("'schedule' (30 minutes) must not be longer than 'lookback' (15 minutes), or the periods between "
                + "two runs are never exported; shorten 'schedule' or lengthen 'lookback'",
                failure(b -> b.schedule(Duration.minutes(30))));
    }

    @Test
    void failsWhenMemorySizeIsOutOfRange() {
        assertEquals("'memorySize' must be a whole number of MB from 128 to 10240; got 64",
                failure(b -> b.memorySize(64)));
    }

    @Test
    void failsWhenTimeoutIsLongerThanFifteenMinutes() {
        assertEquals("'timeout' must be a whole number of seconds from 1 second to 15 minutes; got 16 minutes",
                failure(b -> b.timeout(Duration.minutes(16)).schedule(Duration.minutes(30))
                        .lookback(Duration.minutes(30))));
    }

    @Test
    void failsWhenTimeoutIsNotWholeSeconds() {
        assertEquals("'timeout' must be a whole number of seconds from 1 second to 15 minutes; got 1 second 500 millis",
                failure(b -> b.timeout(Duration.millis(1500))));
    }

    @Test
    void failsWhenTimeoutIsLongerThanSchedule() {
        assertEquals("'timeout' (10 minutes) must not be longer than 'schedule' (5 minutes): a run must end before "
                + "the next one is due, or runs pile up; shorten 'timeout' or lengthen 'schedule'",
                failure(b -> b.timeout(Duration.minutes(10))));
    }

    @Test
    void failsWhenRuntimeIsNotJava() {
        assertEquals("'runtime' must be a Java managed runtime, Java 17 or later (the handler is compiled for Java 17), "
                + "such as Runtime.JAVA_25 or Runtime.JAVA_21; got 'python3.13'",
                failure(b -> b.runtime(Runtime.PYTHON_3_13)));
    }

    @Test
    void failsWhenRuntimeIsOlderThanJava17() {
        assertEquals("'runtime' must be a Java managed runtime, Java 17 or later (the handler is compiled for Java 17), "
                + "such as Runtime.JAVA_25 or Runtime.JAVA_21; got 'java11'",
                failure(b -> b.runtime(Runtime.JAVA_11)));
    }

    @Test
    void failsWhenReservedConcurrencyIsZero() {
        assertEquals("'reservedConcurrentExecutions' must be a whole number, at least 1 (to stop the exporter, set "
                + "'enabled' to false); got 0", failure(b -> b.reservedConcurrentExecutions(0)));
    }

    @Test
    void failsWhenReservedConcurrencyIsSetButReservationIsOff() {
        assertEquals("'reservedConcurrentExecutions' must not be set when 'reserveConcurrency' is false (which "
                + "reserves none); got 2: remove one of the two",
                failure(b -> b.reserveConcurrency(false).reservedConcurrentExecutions(2)));
    }

    @Test
    void failsWhenReservedConcurrencyIsSetButReservationIsOffInTheFluentBuilder() {
        Stack stack = Fixtures.stack();
        assertEquals("'reservedConcurrentExecutions' must not be set when 'reserveConcurrency' is false (which "
                + "reserves none); got 1: remove one of the two",
                assertThrows(IllegalArgumentException.class, () -> CognitoMackerelMetrics.Builder
                        .create(stack, "Metrics")
                        .userPool(Fixtures.importedPool(stack))
                        .mackerelServiceName(Fixtures.SERVICE_NAME)
                        .mackerelApiKeyParameterName(Fixtures.KEY_PARAMETER_NAME)
                        .reservedConcurrentExecutions(1)
                        .reserveConcurrency(false)
                        .build()).getMessage());
    }

    @Test
    void reservationDefaultsToOneAndCanBeTurnedOff() {
        var pool = Fixtures.importedPool(Fixtures.stack());
        CognitoMackerelMetricsProps defaults = Fixtures.minimal(pool).build();
        assertTrue(defaults.getReserveConcurrency());
        assertEquals(1, defaults.getReservedConcurrentExecutions());
        CognitoMackerelMetricsProps off = Fixtures.minimal(pool).reserveConcurrency(false).build();
        assertFalse(off.getReserveConcurrency());
        assertNull(off.getReservedConcurrentExecutions());
        assertEquals(3, Fixtures.minimal(pool).reserveConcurrency(true).reservedConcurrentExecutions(3).build()
                .getReservedConcurrentExecutions());
    }

    @Test
    void failsWhenTheConfigurationDocumentWouldExceedWhatAnSsmParameterHolds() {
        Stack stack = Fixtures.stack();
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        Map<String, IUserPoolClient> clients = new LinkedHashMap<>();
        for (int i = 0; i < 90; i++) {
            clients.put(String.format("client_with_a_long_alias_%02d", i), pool.addClient("Client" + i));
        }
        var builder = Fixtures.minimal(pool).clients(clients);
        String message = assertThrows(IllegalArgumentException.class,
                () -> new CognitoMackerelMetrics(stack, "Metrics", builder.build())).getMessage();
        assertTrue(message.matches("the configuration document would be about \\d+ bytes with 90 'clients', over the "
                + "4096 bytes an SSM String parameter \\(standard tier\\) holds: name fewer app clients in 'clients' "
                + ".*"), message);
    }

    @Test
    void manyClientsStillFitWhenTheirIdsAreKnownAtDeployTimeOnly() {
        Stack stack = Fixtures.stack();
        UserPool pool = UserPool.Builder.create(stack, "Pool").build();
        Map<String, IUserPoolClient> clients = new LinkedHashMap<>();
        for (int i = 0; i < 50; i++) {
            clients.put("client" + i, pool.addClient("Client" + i));
        }
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(pool).clients(clients).build());
        assertEquals(50, Fixtures.settings(Template.fromStack(stack)).keySet().stream()
                .filter(k -> k.startsWith("clients.")).count());
    }

    @Test
    void failsWithoutShowingAnApiKeyGivenAsTheKeyParameterName() {
        String key = "Xy7Qk2LmN8pR4sT6uV0wZ1aB3cD5eF9gH2jK4mN6pQ8";
        String message = failure(b -> b.mackerelApiKeyParameterName(key));
        assertTrue(message.endsWith("got a value that looks like an API key (not shown): this looks like an API key; "
                + "store the key as a SecureString parameter and put its name here"), message);
        assertFalse(message.contains(key.substring(0, 10)), message);
    }

    @Test
    void heartbeatAndCatchUpHaveTheirDefaultsAndRules() {
        var pool = Fixtures.importedPool(Fixtures.stack());
        CognitoMackerelMetricsProps defaults = Fixtures.minimal(pool).build();
        assertTrue(defaults.getHeartbeat());
        assertEquals(84_600, defaults.getMaxCatchUp().toSeconds().intValue());
        assertFalse(Fixtures.minimal(pool).heartbeat(false).build().getHeartbeat());
        assertTrue(failure(b -> b.maxCatchUp(Duration.hours(24))).startsWith("'maxCatchUp' (setting "
                + "catch-up-max-age-seconds) must be a whole multiple of the period (300 s) from the lookback (900 s) "
                + "to 84600 seconds"), failure(b -> b.maxCatchUp(Duration.hours(24))));
    }

    @Test
    void failsWithoutProps() {
        Stack stack = Fixtures.stack();
        assertEquals("'props' is required: use CognitoMackerelMetricsProps.builder()...build()",
                assertThrows(NullPointerException.class, () -> new CognitoMackerelMetrics(stack, "Metrics", null))
                        .getMessage());
    }

    @Test
    void fluentBuilderValidatesToo() {
        Stack stack = Fixtures.stack();
        assertEquals("'mackerelServiceName' (setting mackerel-service-name) is required: set it to the name of "
                + "the Mackerel service that receives the metrics", assertThrows(IllegalArgumentException.class, () -> CognitoMackerelMetrics.Builder
                .create(stack, "Metrics")
                .userPool(Fixtures.importedPool(stack))
                .mackerelApiKeyParameterName("/mackerel/api-key")
                .build()).getMessage());
    }

    @Test
    void tokensAreNotValidatedAndReachTheTemplate() {
        Stack stack = Fixtures.stack();
        String serviceName = parameter(stack, "ServiceName", "String").getValueAsString();
        Number memory = parameter(stack, "Memory", "Number").getValueAsNumber();
        Number timeoutSeconds = parameter(stack, "TimeoutSeconds", "Number").getValueAsNumber();
        Number lookbackSeconds = parameter(stack, "LookbackSeconds", "Number").getValueAsNumber();
        Number batchSize = parameter(stack, "BatchSize", "Number").getValueAsNumber();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack)
                .mackerelServiceName(serviceName)
                .memorySize(memory)
                .timeout(Duration.seconds(timeoutSeconds))
                .lookback(Duration.seconds(lookbackSeconds))
                .mackerelBatchSize(batchSize)
                .build());
        Template template = Template.fromStack(stack);
        Map<String, String> settings = Fixtures.settings(template);
        assertEquals("${Ref:ServiceName}", settings.get("mackerel-service-name"));
        assertEquals("${Ref:LookbackSeconds}", settings.get("lookback-seconds"));
        assertEquals("${Ref:BatchSize}", settings.get("mackerel-batch-size"));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "MemorySize", Map.of("Ref", "Memory"),
                "Timeout", Map.of("Ref", "TimeoutSeconds")));
    }

    @Test
    void weakSettingsAreWarnings() {
        Stack stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack)
                .lookback(Duration.minutes(10))
                .timeout(Duration.seconds(10))
                .build());
        List<String> warnings = Annotations.fromStack(stack).findWarning("/TestStack/Metrics", Match.anyValue())
                .stream()
                .map(SynthesisMessage::getEntry)
                .map(entry -> String.valueOf(entry.getData()))
                .collect(Collectors.toList());
        assertEquals(List.of(
                "'lookback' (10 minutes) covers fewer than 3 periods of 5 minutes: values that CloudWatch completes "
                        + "late, or that a failed run missed, are not healed; consider at least 15 minutes "
                        + "[ack: cognito-mackerel-metrics:shortLookback]",
                "'timeout' (10 seconds) leaves little room for a cold start and for retried calls to CloudWatch, SSM "
                        + "and Mackerel; consider at least 30 seconds [ack: cognito-mackerel-metrics:shortTimeout]"),
                warnings);
    }

    private static CfnParameter parameter(Stack stack, String id, String type) {
        return CfnParameter.Builder.create(stack, id).type(type).build();
    }

    private static String clientsFailure(Map<String, String> clientIds) {
        Stack stack = Fixtures.stack();
        Map<String, IUserPoolClient> clients = new LinkedHashMap<>();
        clientIds.forEach((alias, id) -> clients.put(alias, Fixtures.importedClient(stack, "Client" + id, id)));
        var builder = Fixtures.minimal(stack).clients(clients);
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    private static String batchSizeMessage(String got) {
        return "'mackerelBatchSize' (setting mackerel-batch-size) must be a whole number from 1 to 5000, got '" + got
                + "': fix it, or leave it unset for 1000";
    }

}
