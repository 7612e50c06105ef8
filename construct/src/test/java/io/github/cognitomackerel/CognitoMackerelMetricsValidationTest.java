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
        assertEquals("'mackerelServiceName' is required: the name of the existing Mackerel service that receives the "
                + "metrics", failure(b -> b.mackerelServiceName(null)));
    }

    @Test
    void failsWhenMackerelServiceNameHasASpace() {
        assertEquals("'mackerelServiceName' must be 2-63 characters of [A-Za-z0-9_-], not starting with '-' or '_'; "
                + "got 'my service'", failure(b -> b.mackerelServiceName("my service")));
    }

    @Test
    void failsWhenMackerelServiceNameStartsWithADash() {
        assertEquals("'mackerelServiceName' must be 2-63 characters of [A-Za-z0-9_-], not starting with '-' or '_'; "
                + "got '-service'", failure(b -> b.mackerelServiceName("-service")));
    }

    @Test
    void failsWhenMackerelServiceNameIsTooLong() {
        String name = "s".repeat(64);
        assertEquals("'mackerelServiceName' must be 2-63 characters of [A-Za-z0-9_-], not starting with '-' or '_'; "
                + "got '" + name + "'", failure(b -> b.mackerelServiceName(name)));
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
        assertEquals("set only one of 'mackerelApiKeyParameter' and 'mackerelApiKeyParameterName'; got both "
                + "('/mackerel/api-key' and a parameter)",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenApiKeyParameterNameIsAnArn() {
        String arn = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/api-key";
        assertEquals("'mackerelApiKeyParameterName' must be an SSM parameter name such as 'mackerel-api-key' or "
                + "'/mackerel/api-key' (levels of [A-Za-z0-9_.-] separated by '/'; not an ARN); got '" + arn + "'",
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
        assertEquals("'clients' alias 'total' is reserved for the sum over all clients; choose another alias",
                clientsFailure(Map.of("total", "client1")));
    }

    @Test
    void failsWhenClientAliasIsNotLowerCase() {
        assertEquals("'clients' alias must match [a-z0-9][a-z0-9_]{0,62} (lower-case letters, digits and '_', "
                + "starting with a letter or digit); got 'Web'", clientsFailure(Map.of("Web", "client1")));
    }

    @Test
    void failsWhenClientAliasStartsWithAnUnderscore() {
        assertEquals("'clients' alias must match [a-z0-9][a-z0-9_]{0,62} (lower-case letters, digits and '_', "
                + "starting with a letter or digit); got '_web'", clientsFailure(Map.of("_web", "client1")));
    }

    @Test
    void failsWhenTwoAliasesShareAClient() {
        Stack stack = Fixtures.stack();
        IUserPoolClient client = Fixtures.importedClient(stack, "Client", "client1");
        var builder = Fixtures.minimal(stack).clients(Map.of("web", client, "app", client));
        assertEquals("'clients' maps aliases 'app' and 'web' to the same app client; give each client one alias",
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
        assertEquals("'mackerelApiBaseUrl' must be an https URL without user info, query or fragment, such as "
                + "'https://api.mackerelio.com/'; got 'http://api.mackerelio.com/'",
                failure(b -> b.mackerelApiBaseUrl("http://api.mackerelio.com/")));
    }

    @Test
    void failsWhenBaseUrlHasAQuery() {
        assertEquals("'mackerelApiBaseUrl' must be an https URL without user info, query or fragment, such as "
                + "'https://api.mackerelio.com/'; got 'https://api.mackerelio.com/?a=b'",
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
        assertEquals("'metricNamePrefix' must match [a-z0-9_]+(\\.[a-z0-9_]+)* (lower-case dot-separated words, e.g. "
                + "'cognito' or 'auth.cognito'); got 'Cognito.'", failure(b -> b.metricNamePrefix("Cognito.")));
    }

    @Test
    void failsWhenActivitiesAreEmpty() {
        assertEquals("'activities' must name at least one CognitoActivity; got []",
                failure(b -> b.activities(List.of())));
    }

    @Test
    void failsWhenActivitiesRepeat() {
        assertEquals("'activities' must not repeat an activity; got [SIGN_IN, SIGN_UP, SIGN_IN]",
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
        assertEquals("'legacyMetricNamesClient' must be 'total' or an alias from 'clients' [mobile, web]; got 'ios'",
                assertThrows(IllegalArgumentException.class, builder::build).getMessage());
    }

    @Test
    void failsWhenLegacyClientIsSetWithoutSignIn() {
        assertEquals("'legacyMetricNamesClient' needs CognitoActivity.SIGN_IN in 'activities' (the original script's "
                + "names are sign-in values); got activities [SIGN_UP, FEDERATION]: add SIGN_IN to 'activities' or "
                + "unset 'legacyMetricNamesClient'",
                failure(b -> b.activities(CognitoActivity.SIGN_UP, CognitoActivity.FEDERATION)
                        .legacyMetricNamesClient("total")));
    }

    @Test
    void failsWhenLegacyClientIsATokenWithoutSignIn() {
        Stack stack = Fixtures.stack();
        String alias = parameter(stack, "Legacy", "String").getValueAsString();
        var builder = Fixtures.minimal(stack).activities(CognitoActivity.SIGN_UP).legacyMetricNamesClient(alias);
        assertEquals("'legacyMetricNamesClient' needs CognitoActivity.SIGN_IN in 'activities' (the original script's "
                + "names are sign-in values); got activities [SIGN_UP]: add SIGN_IN to 'activities' or unset "
                + "'legacyMetricNamesClient'", assertThrows(IllegalArgumentException.class, builder::build).getMessage());
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
    void failsWhenMaxCatchUpReachesFurtherThanMackerelKeeps() {
        assertEquals(maxCatchUpMessage("86400 seconds"), failure(b -> b.maxCatchUp(Duration.hours(24))));
        assertEquals(maxCatchUpMessage("85801 seconds"), failure(b -> b.maxCatchUp(Duration.seconds(85_801))));
    }

    @Test
    void failsWhenMaxCatchUpIsNotWholeSeconds() {
        assertEquals(maxCatchUpMessage("1500 ms"), failure(b -> b.maxCatchUp(Duration.millis(1500))));
    }

    @Test
    void maxCatchUpBoundsAreAcceptedHeartbeatIsOnByDefault() {
        var pool = Fixtures.importedPool(Fixtures.stack());
        assertEquals(0, Fixtures.minimal(pool).maxCatchUp(Duration.seconds(0)).build().getMaxCatchUp().toSeconds());
        assertEquals(85_800, Fixtures.minimal(pool).maxCatchUp(Duration.seconds(85_800)).build().getMaxCatchUp()
                .toSeconds());
        assertNull(Fixtures.minimal(pool).build().getMaxCatchUp());
        assertTrue(Fixtures.minimal(pool).build().getHeartbeat());
        assertFalse(Fixtures.minimal(pool).heartbeat(false).build().getHeartbeat());
    }

    private static String maxCatchUpMessage(String got) {
        return "'maxCatchUp' must be whole seconds from Duration.seconds(0) (no catch-up) to 85800 seconds (23 hours "
                + "50 minutes: Mackerel keeps 24 hours, less a margin of 10 minutes), or unset for that maximum; got "
                + got;
    }

    @Test
    void failsWhenPeriodIsNeitherOneNorFiveMinutes() {
        assertEquals("'period' must be Duration.minutes(1) or Duration.minutes(5); got 2 minutes",
                failure(b -> b.period(Duration.minutes(2))));
    }

    @Test
    void failsWhenLookbackIsNotAMultipleOfPeriod() {
        assertEquals("'lookback' must be a whole multiple of 'period' (5 minutes) from one period to 24 hours; got "
                + "12 minutes", failure(b -> b.lookback(Duration.minutes(12))));
    }

    @Test
    void failsWhenLookbackIsShorterThanPeriod() {
        assertEquals("'lookback' must be a whole multiple of 'period' (5 minutes) from one period to 24 hours; got "
                + "0 seconds", failure(b -> b.lookback(Duration.seconds(0))));
    }

    @Test
    void failsWhenLookbackIsLongerThanADay() {
        assertEquals("'lookback' must be a whole multiple of 'period' (5 minutes) from one period to 24 hours; got "
                + "1 day 1 hour", failure(b -> b.lookback(Duration.hours(25))));
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
    void failsWhenParameterPathEndsWithASlash() {
        assertEquals(pathFormat("/metrics/"), failure(b -> b.parameterPath("/metrics/")));
    }

    @Test
    void failsWhenParameterPathIsRelative() {
        assertEquals(pathFormat("metrics"), failure(b -> b.parameterPath("metrics")));
    }

    @Test
    void failsWhenParameterPathHasAnEmptyLevelOrASpace() {
        assertEquals(pathFormat("/a//b"), failure(b -> b.parameterPath("/a//b")));
        assertEquals(pathFormat("/a b"), failure(b -> b.parameterPath("/a b")));
    }

    @Test
    void failsWhenParameterPathBeginsWithAws() {
        assertEquals("'parameterPath' must not begin with 'aws' or 'ssm' (SSM reserves them); got '/AWS-config/x'",
                failure(b -> b.parameterPath("/AWS-config/x")));
    }

    @Test
    void failsWhenParameterPathIsTooDeep() {
        String path = "/a".repeat(14);
        assertEquals("'parameterPath' must have at most 13 levels (SSM allows 15 and the construct adds up to 2, for "
                + "'clients/<alias>'); got 14 in '" + path + "'", failure(b -> b.parameterPath(path)));
    }

    @Test
    void failsWhenParameterPathIsTooLong() {
        String path = "/" + "a".repeat(800);
        assertEquals("'parameterPath' must be at most 800 characters; got 801", failure(b -> b.parameterPath(path)));
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
        assertEquals("'mackerelServiceName' is required: the name of the existing Mackerel service that receives the "
                + "metrics", assertThrows(IllegalArgumentException.class, () -> CognitoMackerelMetrics.Builder
                .create(stack, "Metrics")
                .userPool(Fixtures.importedPool(stack))
                .mackerelApiKeyParameterName("/mackerel/api-key")
                .build()).getMessage());
    }

    @Test
    void tokensAreNotValidatedAndReachTheTemplate() {
        Stack stack = Fixtures.stack();
        String serviceName = parameter(stack, "ServiceName", "String").getValueAsString();
        String path = parameter(stack, "Path", "String").getValueAsString();
        Number memory = parameter(stack, "Memory", "Number").getValueAsNumber();
        Number timeoutSeconds = parameter(stack, "TimeoutSeconds", "Number").getValueAsNumber();
        Number lookbackSeconds = parameter(stack, "LookbackSeconds", "Number").getValueAsNumber();
        Number batchSize = parameter(stack, "BatchSize", "Number").getValueAsNumber();
        CognitoMackerelMetrics metrics = new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack)
                .mackerelServiceName(serviceName)
                .parameterPath(path)
                .memorySize(memory)
                .timeout(Duration.seconds(timeoutSeconds))
                .lookback(Duration.seconds(lookbackSeconds))
                .mackerelBatchSize(batchSize)
                .build());
        assertEquals(path, metrics.getParameterPath());

        Template template = Template.fromStack(stack);
        template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", "Path"), "/mackerel-service-name"))),
                "Value", Map.of("Ref", "ServiceName")));
        template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", "Path"), "/lookback-seconds"))),
                "Value", Map.of("Ref", "LookbackSeconds")));
        template.hasResourceProperties("AWS::SSM::Parameter", Map.of(
                "Name", Map.of("Fn::Join", List.of("", List.of(Map.of("Ref", "Path"), "/mackerel-batch-size"))),
                "Value", Map.of("Ref", "BatchSize")));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "MemorySize", Map.of("Ref", "Memory"),
                "Timeout", Map.of("Ref", "TimeoutSeconds"),
                "Environment", Map.of("Variables", Map.of("COGNITO_MACKEREL_PARAMETER_PATH", Map.of("Ref", "Path")))));
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
        return "'mackerelBatchSize' must be a whole number of values per Mackerel API call from 1 to 5000 (or unset for "
                + "the runtime's default, 1000); got " + got;
    }

    private static String pathFormat(String path) {
        return "'parameterPath' must start with '/', not end with '/', and consist of levels of [A-Za-z0-9_.-] "
                + "separated by single '/', e.g. '/cognito-mackerel-metrics/prod'; got '" + path + "'";
    }
}
