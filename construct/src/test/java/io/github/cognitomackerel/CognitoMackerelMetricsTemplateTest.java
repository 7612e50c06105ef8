package io.github.cognitomackerel;

import static io.github.cognitomackerel.Fixtures.KEY_PARAMETER_NAME;
import static io.github.cognitomackerel.Fixtures.POOL_ID;
import static io.github.cognitomackerel.Fixtures.SERVICE_NAME;
import static io.github.cognitomackerel.Fixtures.logicalId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ExporterSettings;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ssm.SecureStringParameterAttributes;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.IConstruct;

/** Fine-grained assertions on the synthesized template: every resource, every default, every prop that changes one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CognitoMackerelMetricsTemplateTest {
    private static final String KMS_KEY_ARN =
            "arn:aws:kms:ap-northeast-1:123456789012:key/11111111-2222-3333-4444-555555555555";

    private Stack defaultStack;
    private CognitoMackerelMetrics defaults;
    private Template defaultTemplate;

    private CognitoMackerelMetrics functionKnobs;
    private Template functionKnobsTemplate;

    private CognitoMackerelMetrics configKnobs;
    private Template configKnobsTemplate;

    private Template keyParameterTemplate;

    private CognitoMackerelMetrics snapStart;
    private Template snapStartTemplate;

    private Template unreservedTemplate;

    @BeforeAll
    void synthesize() {
        defaultStack = Fixtures.stack();
        defaults = new CognitoMackerelMetrics(defaultStack, "Metrics", Fixtures.minimal(defaultStack).build());
        defaultTemplate = Template.fromStack(defaultStack);

        Stack stack = Fixtures.stack();
        functionKnobs = new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack)
                .memorySize(1024)
                .timeout(Duration.minutes(2))
                .architecture(Architecture.X86_64)
                .runtime(Runtime.JAVA_21)
                .logRetention(RetentionDays.ONE_WEEK)
                .logLevel(ApplicationLogLevel.DEBUG)
                .systemLogLevel(SystemLogLevel.WARN)
                .reservedConcurrentExecutions(2)
                .build());
        functionKnobsTemplate = Template.fromStack(stack);

        stack = Fixtures.stack();
        configKnobs = CognitoMackerelMetrics.Builder.create(stack, "Metrics")
                .userPool(Fixtures.importedPool(stack))
                .mackerelServiceName(SERVICE_NAME)
                .mackerelApiKeyParameterName("mackerel-api-key")
                .clients(Map.of(
                        "web", Fixtures.importedClient(stack, "Web", "webclient123"),
                        "mobile", Fixtures.importedClient(stack, "Mobile", "mobileclient456")))
                .legacyMetricNamesClient("web")
                .period(Duration.minutes(1))
                .lookback(Duration.minutes(30))
                .zeroFill(false)
                .activities(CognitoActivity.SIGN_IN, CognitoActivity.FEDERATION)
                .metricNamePrefix("auth.cognito")
                .mackerelApiBaseUrl("https://mackerel.example.com")
                .mackerelBatchSize(500)
                .schedule(Duration.minutes(10))
                .enabled(false)
                .build();
        configKnobsTemplate = Template.fromStack(stack);

        stack = Fixtures.stack();
        new CognitoMackerelMetrics(stack, "Metrics", CognitoMackerelMetricsProps.builder()
                .userPool(Fixtures.importedPool(stack))
                .mackerelServiceName(SERVICE_NAME)
                .mackerelApiKeyParameter(StringParameter.fromSecureStringParameterAttributes(stack, "ApiKey",
                        SecureStringParameterAttributes.builder().parameterName("/team/mackerel-api-key").build()))
                .mackerelApiKeyEncryptionKey(Key.fromKeyArn(stack, "Kms", KMS_KEY_ARN))
                .build());
        keyParameterTemplate = Template.fromStack(stack);

        stack = Fixtures.stack();
        snapStart = new CognitoMackerelMetrics(stack, "Metrics", Fixtures.minimal(stack).snapStart(true).build());
        snapStartTemplate = Template.fromStack(stack);

        stack = Fixtures.stack();
        CognitoMackerelMetrics.Builder.create(stack, "Metrics")
                .userPool(Fixtures.importedPool(stack))
                .mackerelServiceName(SERVICE_NAME)
                .mackerelApiKeyParameterName(KEY_PARAMETER_NAME)
                .reserveConcurrency(false)
                .mackerelMonitors(List.of())
                .mackerelDashboard(false)
                .manageMackerelService(false)
                .build();
        unreservedTemplate = Template.fromStack(stack);
    }

    // ---- defaults --------------------------------------------------------------------------------------------

    @Test
    void configurationIsOneStringParameterWithAGeneratedNameAndAnOutput() {
        // the configuration, and the progress parameter (see below)
        defaultTemplate.resourceCountIs("AWS::SSM::Parameter", 2);
        defaultTemplate.hasResourceProperties("AWS::SSM::Parameter", Match.objectEquals(Map.of(
                "Type", "String",
                "Description", "CognitoMackerelMetrics configuration of TestStack/Metrics",
                "Value", Match.anyValue())));
        defaultTemplate.hasOutput("*", Map.of(
                "Value", Map.of("Ref", configId(defaultTemplate)),
                "Description", Match.stringLikeRegexp("The configuration parameter of CognitoMackerelMetrics "
                        + "TestStack/Metrics: .*")));
        assertEquals(Map.of("Ref", configId(defaultTemplate)),
                Stack.of(defaults).resolve(defaults.getConfigParameter().getParameterName()));
    }

    @Test
    void functionHasDefaults() {
        defaultTemplate.resourceCountIs("AWS::Lambda::Function", 1);
        defaultTemplate.hasResourceProperties("AWS::Lambda::Function", Match.objectEquals(Map.ofEntries(
                Map.entry("Architectures", List.of("arm64")),
                Map.entry("Code", Map.of(
                        "S3Bucket", Match.anyValue(),
                        "S3Key", Match.stringLikeRegexp("[0-9a-f]{64}\\.jar"))),
                Map.entry("Description", Match.anyValue()),
                Map.entry("Environment", Map.of("Variables", Map.of(
                        // Nothing else: no JAVA_TOOL_OPTIONS (Lambda's Java runtimes already stop at C1).
                        "COGNITO_MACKEREL_CONFIG_PARAMETER", Map.of("Ref", configId(defaultTemplate)),
                        "COGNITO_MACKEREL_PROGRESS_PARAMETER", Map.of("Ref", progressId(defaultTemplate))))),
                Map.entry("Handler", "io.github.cognitomackerel.runtime.Handler::handleRequest"),
                Map.entry("LoggingConfig", Map.of(
                        "ApplicationLogLevel", "INFO",
                        "LogFormat", "JSON",
                        "LogGroup", Map.of("Ref", logGroupId(defaultTemplate)),
                        "SystemLogLevel", "INFO")),
                Map.entry("MemorySize", 512),
                Map.entry("ReservedConcurrentExecutions", 1),
                Map.entry("Role", Map.of("Fn::GetAtt", List.of(roleId(defaultTemplate), "Arn"))),
                Map.entry("Runtime", "java25"),
                Map.entry("Timeout", 60))));
    }

    @Test
    void functionRetriesTwiceThenSendsToDeadLetterQueue() {
        defaultTemplate.resourceCountIs("AWS::Lambda::EventInvokeConfig", 1);
        defaultTemplate.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", Map.of("Ref", functionId(defaultTemplate)),
                "Qualifier", "$LATEST",
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 21600,
                "DestinationConfig", Map.of("OnFailure", Map.of(
                        "Destination", Map.of("Fn::GetAtt", List.of(queueId(defaultTemplate), "Arn"))))));
    }

    @Test
    void withoutSnapStartThereIsNoVersionOrAlias() {
        defaultTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of("SnapStart", Match.absent()));
        defaultTemplate.resourceCountIs("AWS::Lambda::Version", 0);
        defaultTemplate.resourceCountIs("AWS::Lambda::Alias", 0);
        assertNull(defaults.getAlias());
    }

    @Test
    void logGroupIsRetainedWithOneMonthRetention() {
        defaultTemplate.resourceCountIs("AWS::Logs::LogGroup", 1);
        defaultTemplate.hasResource("AWS::Logs::LogGroup", Map.of(
                "Properties", Match.objectEquals(Map.of("RetentionInDays", 30)),
                "DeletionPolicy", "Retain",
                "UpdateReplacePolicy", "Retain"));
    }

    @Test
    void roleIsForLambdaWithoutManagedPolicies() {
        defaultTemplate.resourceCountIs("AWS::IAM::Role", 1);
        defaultTemplate.hasResourceProperties("AWS::IAM::Role", Map.of(
                "AssumeRolePolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Action", "sts:AssumeRole",
                        "Effect", "Allow",
                        "Principal", Map.of("Service", "lambda.amazonaws.com")))),
                "ManagedPolicyArns", Match.absent(),
                "Policies", Match.absent()));
    }

    @Test
    void rolePolicyGrantsExactlyWhatTheRuntimeNeeds() {
        defaultTemplate.resourceCountIs("AWS::IAM::Policy", 2);
        defaultTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", roleId(defaultTemplate))),
                "PolicyDocument", Map.of("Statement", List.of(
                        Map.of("Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Effect", "Allow",
                                "Resource", Map.of("Fn::GetAtt", List.of(logGroupId(defaultTemplate), "Arn"))),
                        Map.of("Sid", "ReadConfiguration",
                                "Action", List.of("ssm:GetParameter", "ssm:GetParameters"),
                                "Effect", "Allow",
                                "Resource", ssmArn(Map.of("Ref", configId(defaultTemplate)))),
                        Map.of("Sid", "RecordProgress",
                                "Action", List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:PutParameter"),
                                "Effect", "Allow",
                                "Resource", ssmArn(Map.of("Ref", progressId(defaultTemplate)))),
                        Map.of("Sid", "ReadMackerelApiKey",
                                "Action", "ssm:GetParameter",
                                "Effect", "Allow",
                                "Resource", ssmArn(KEY_PARAMETER_NAME)),
                        Map.of("Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
                                "Effect", "Allow",
                                "Resource", Map.of("Fn::GetAtt", List.of(queueId(defaultTemplate), "Arn")))))));
    }

    @Test
    void progressParameterHasAGeneratedNameAndStartsAtNone() {
        // Two parameters, the configuration and the progress, both named by CloudFormation
        defaultTemplate.resourceCountIs("AWS::SSM::Parameter", 2);
        defaultTemplate.hasResourceProperties("AWS::SSM::Parameter", Match.objectEquals(Map.of(
                "Type", "String",
                "Value", "none",
                "Description", Match.stringLikeRegexp("How far CognitoMackerelMetrics .* has delivered.*"))));
        assertEquals(2, defaultTemplate.findResources("AWS::SSM::Parameter", Map.of("Properties",
                Map.of("Name", Match.absent()))).size());
        assertEquals("Progress", defaults.getProgressParameter().getNode().getId());
    }

    @Test
    void onlyTheProgressParameterIsWritable() {
        String policies = Fixtures.canonicalJson(defaultTemplate.findResources("AWS::IAM::Policy"));
        assertEquals(1, policies.split("ssm:PutParameter", -1).length - 1, policies);
        assertFalse(policies.contains("ssm:*"), policies);
        assertFalse(policies.contains("ssm:DeleteParameter"), policies);
    }

    @Test
    void cloudWatchReadIsAPolicyOfItsOwnOnStar() {
        defaultTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "Roles", List.of(Map.of("Ref", roleId(defaultTemplate))),
                "PolicyDocument", Map.of("Statement", List.of(Map.of(
                        "Sid", "ReadCognitoMetrics",
                        "Action", List.of("cloudwatch:GetMetricData", "cloudwatch:ListMetrics"),
                        "Effect", "Allow",
                        "Resource", "*")))));
    }

    @Test
    void noKmsPermissionWithoutACustomerManagedKey() {
        String policies = Fixtures.canonicalJson(defaultTemplate.findResources("AWS::IAM::Policy"));
        assertFalse(policies.contains("kms:"), policies);
    }

    @Test
    void configurationDocumentHoldsEveryDefault() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("user-pool-id", POOL_ID);
        expected.put("mackerel-service-name", SERVICE_NAME);
        expected.put("mackerel-api-key-parameter", KEY_PARAMETER_NAME);
        expected.put("mackerel-api-base-url", "https://api.mackerelio.com/");
        expected.put("mackerel-batch-size", "1000");
        expected.put("metric-name-prefix", "cognito");
        expected.put("activities", "sign_up,sign_in,token_refresh,federation");
        expected.put("period-seconds", "300");
        expected.put("lookback-seconds", "900");
        expected.put("zero-fill", "true");
        expected.put("heartbeat", "true");
        expected.put("catch-up-max-age-seconds", "84600");
        assertEquals(expected, Fixtures.settings(defaultTemplate));
        assertTrue(Fixtures.configDocument(defaultTemplate).startsWith(ConfigDocument.HEADER + "\n"));
        // The runtime accepts exactly this document.
        ExporterConfig config = ExporterSettings.parse(Fixtures.settings(defaultTemplate));
        assertEquals(POOL_ID, config.userPoolId());
    }

    @Test
    void functionIsCreatedAfterItsConfiguration() {
        @SuppressWarnings("unchecked")
        List<String> functionDependsOn = (List<String>) defaultTemplate.findResources("AWS::Lambda::Function")
                .values().iterator().next().get("DependsOn");
        assertTrue(functionDependsOn.contains(configId(defaultTemplate)), "the function depends on "
                + functionDependsOn);
    }

    @Test
    void scheduleRunsEveryFiveMinutesWithRetriesAndDeadLetterQueue() {
        defaultTemplate.resourceCountIs("AWS::Events::Rule", 1);
        defaultTemplate.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(5 minutes)",
                "State", "ENABLED",
                "Name", Match.absent(),
                "Targets", List.of(Map.of(
                        "Arn", Map.of("Fn::GetAtt", List.of(functionId(defaultTemplate), "Arn")),
                        "Input", Match.absent(),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 10, "MaximumEventAgeInSeconds", 21600),
                        "DeadLetterConfig", Map.of(
                                "Arn", Map.of("Fn::GetAtt", List.of(queueId(defaultTemplate), "Arn")))))));
        defaultTemplate.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "Action", "lambda:InvokeFunction",
                "FunctionName", Map.of("Fn::GetAtt", List.of(functionId(defaultTemplate), "Arn")),
                "Principal", "events.amazonaws.com",
                "SourceArn", Map.of("Fn::GetAtt", List.of(ruleId(defaultTemplate), "Arn"))));
    }

    @Test
    void deadLetterQueueIsEncryptedSslOnlyAndKeepsFourteenDays() {
        defaultTemplate.resourceCountIs("AWS::SQS::Queue", 1);
        defaultTemplate.hasResourceProperties("AWS::SQS::Queue", Match.objectEquals(Map.of(
                "SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1209600)));
        defaultTemplate.hasResourceProperties("AWS::SQS::QueuePolicy", Map.of(
                "Queues", List.of(Map.of("Ref", queueId(defaultTemplate))),
                "PolicyDocument", Map.of("Statement", List.of(
                        Map.of("Action", "sqs:*",
                                "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")),
                                "Effect", "Deny",
                                "Principal", Map.of("AWS", "*")),
                        Map.of("Action", "sqs:SendMessage",
                                "Condition", Map.of("ArnEquals", Map.of(
                                        "aws:SourceArn", Map.of("Fn::GetAtt", List.of(ruleId(defaultTemplate), "Arn")))),
                                "Effect", "Allow",
                                "Principal", Map.of("Service", "events.amazonaws.com"))))));
    }

    @Test
    void errorsAlarmGoesOffAfterThreeFailingPeriods() {
        defaultTemplate.resourceCountIs("AWS::CloudWatch::Alarm", 2);
        defaultTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/Lambda",
                "MetricName", "Errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName",
                        "Value", Map.of("Ref", functionId(defaultTemplate)))),
                "Statistic", "Sum",
                "Period", 300,
                "EvaluationPeriods", 3,
                "DatapointsToAlarm", 3,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching"));
        assertNotNull(defaults.getErrorsAlarm());
    }

    @Test
    void deadLetterQueueAlarmGoesOffOnAnyMessage() {
        defaultTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "Namespace", "AWS/SQS",
                "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName",
                        "Value", Map.of("Fn::GetAtt", List.of(queueId(defaultTemplate), "QueueName")))),
                "Statistic", "Maximum",
                "Period", 300,
                "EvaluationPeriods", 1,
                "Threshold", 1,
                "ComparisonOperator", "GreaterThanOrEqualToThreshold",
                "TreatMissingData", "notBreaching"));
    }

    @Test
    void noPhysicalNamesAreHardCoded() {
        defaultTemplate.allResourcesProperties("AWS::Lambda::Function", Map.of("FunctionName", Match.absent()));
        defaultTemplate.allResourcesProperties("AWS::IAM::Role", Map.of("RoleName", Match.absent()));
        defaultTemplate.allResourcesProperties("AWS::Logs::LogGroup", Map.of("LogGroupName", Match.absent()));
        defaultTemplate.allResourcesProperties("AWS::SQS::Queue", Map.of("QueueName", Match.absent()));
        defaultTemplate.allResourcesProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", Match.absent()));
    }

    @Test
    void defaultsRaiseNoWarnings() {
        Annotations.fromStack(defaultStack).hasNoWarning("*", Match.anyValue());
    }

    @Test
    void constructIdsAreStable() {
        Set<String> ids = defaults.getNode().getChildren().stream()
                .map(c -> c.getNode().getId())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("CloudWatchPolicy", "Config", "ConfigParameterName", "DeadLetterQueue",
                "DeadLetterQueueAlarm", "ErrorsAlarm", "Function", "LogGroup", "Progress", "Role", "Schedule")), ids);
        assertSame(defaults.getConfigParameter(), "Config");
        assertSame(defaults.getFunction(), "Function");
        assertSame(defaults.getProgressParameter(), "Progress");
        assertSame(defaults.getRole(), "Role");
        assertSame(defaults.getLogGroup(), "LogGroup");
        assertSame(defaults.getDeadLetterQueue(), "DeadLetterQueue");
        assertSame(defaults.getSchedule(), "Schedule");
        assertSame(defaults.getErrorsAlarm(), "ErrorsAlarm");
        assertSame(defaults.getDeadLetterQueueAlarm(), "DeadLetterQueueAlarm");
    }

    // ---- function knobs --------------------------------------------------------------------------------------

    @Test
    void memoryTimeoutArchitectureRuntimeLogLevelAndConcurrencyAreApplied() {
        functionKnobsTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "MemorySize", 1024,
                "Timeout", 120,
                "Architectures", List.of("x86_64"),
                "Runtime", "java21",
                "ReservedConcurrentExecutions", 2,
                "LoggingConfig", Map.of("ApplicationLogLevel", "DEBUG", "LogFormat", "JSON",
                        "SystemLogLevel", "WARN")));
        assertEquals("java21", functionKnobs.getFunction().getRuntime().getName());
    }

    @Test
    void withoutReservationTheFunctionReservesNoConcurrency() {
        unreservedTemplate.resourceCountIs("AWS::Lambda::Function", 1);
        unreservedTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "ReservedConcurrentExecutions", Match.absent(),
                "MemorySize", 512,
                "LoggingConfig", Match.objectLike(Map.of("SystemLogLevel", "INFO"))));
    }

    @Test
    void logRetentionIsApplied() {
        functionKnobsTemplate.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
    }

    // ---- configuration knobs ---------------------------------------------------------------------------------

    @Test
    void configurationParametersFollowTheProps() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("user-pool-id", POOL_ID);
        expected.put("clients.mobile", "mobileclient456");
        expected.put("clients.web", "webclient123");
        expected.put("mackerel-service-name", SERVICE_NAME);
        expected.put("mackerel-api-key-parameter", "mackerel-api-key");
        expected.put("mackerel-api-base-url", "https://mackerel.example.com/");
        expected.put("mackerel-batch-size", "500");
        expected.put("metric-name-prefix", "auth.cognito");
        expected.put("activities", "sign_in,federation");
        expected.put("legacy-metric-names-client", "web");
        expected.put("period-seconds", "60");
        expected.put("lookback-seconds", "1800");
        expected.put("zero-fill", "false");
        expected.put("heartbeat", "true");
        expected.put("catch-up-max-age-seconds", "84600");
        assertEquals(expected, Fixtures.settings(configKnobsTemplate));
    }

    @Test
    void keyParameterNameWithoutSlashGetsASlashInItsArn() {
        configKnobsTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(
                        Map.of("Sid", "ReadMackerelApiKey", "Resource", ssmArn("/mackerel-api-key"))))))));
    }

    @Test
    void disabledScheduleIsCreatedDisabledWithItsRate() {
        configKnobsTemplate.hasResourceProperties("AWS::Events::Rule", Map.of(
                "ScheduleExpression", "rate(10 minutes)",
                "State", "DISABLED"));
    }

    @Test
    void errorsAlarmPeriodFollowsALongerSchedule() {
        configKnobsTemplate.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of(
                "MetricName", "Errors",
                "Period", 600,
                "EvaluationPeriods", 3));
    }

    // ---- key parameter as IStringParameter, customer-managed key ----------------------------------------------

    @Test
    void keyParameterObjectIsReadByNameAndArn() {
        assertEquals("/team/mackerel-api-key", Fixtures.settings(keyParameterTemplate).get("mackerel-api-key-parameter"));
        keyParameterTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Sid", "ReadMackerelApiKey",
                        "Action", "ssm:GetParameter",
                        "Effect", "Allow",
                        "Resource", ssmArn("/team/mackerel-api-key")))))));
    }

    @Test
    void customerManagedKeyMayDecryptOnlyThroughSsmForTheKeyParameter() {
        keyParameterTemplate.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyDocument", Map.of("Statement", Match.arrayWith(List.of(Map.of(
                        "Sid", "DecryptMackerelApiKey",
                        "Action", "kms:Decrypt",
                        "Effect", "Allow",
                        "Resource", KMS_KEY_ARN,
                        "Condition", Map.of("StringEquals", Map.of(
                                "kms:ViaService", Map.of("Fn::Join", List.of("", List.of(
                                        "ssm.", Map.of("Ref", "AWS::Region"), ".", Map.of("Ref", "AWS::URLSuffix")))),
                                "kms:EncryptionContext:PARAMETER_ARN", ssmArn("/team/mackerel-api-key")))))))));
    }

    // ---- SnapStart -------------------------------------------------------------------------------------------

    @Test
    void snapStartPublishesAVersionAndTheScheduleInvokesItsAlias() {
        snapStartTemplate.hasResourceProperties("AWS::Lambda::Function", Map.of(
                "SnapStart", Map.of("ApplyOn", "PublishedVersions")));
        snapStartTemplate.resourceCountIs("AWS::Lambda::Version", 1);
        snapStartTemplate.resourceCountIs("AWS::Lambda::Alias", 1);
        String versionId = logicalId(snapStartTemplate, "AWS::Lambda::Version", Map.of());
        snapStartTemplate.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                "Name", "live",
                "FunctionName", Map.of("Ref", functionId(snapStartTemplate)),
                "FunctionVersion", Map.of("Fn::GetAtt", List.of(versionId, "Version"))));
        String aliasId = logicalId(snapStartTemplate, "AWS::Lambda::Alias", Map.of());
        snapStartTemplate.hasResourceProperties("AWS::Events::Rule", Map.of(
                "Targets", List.of(Map.of("Arn", Map.of("Ref", aliasId)))));
        snapStartTemplate.hasResourceProperties("AWS::Lambda::Permission", Map.of(
                "FunctionName", Map.of("Ref", aliasId),
                "Principal", "events.amazonaws.com"));
        assertNotNull(snapStart.getAlias());
    }

    @Test
    void snapStartAliasHasItsOwnRetriesAndDeadLetterQueue() {
        snapStartTemplate.resourceCountIs("AWS::Lambda::EventInvokeConfig", 2);
        snapStartTemplate.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "Qualifier", Map.of("Fn::Select", Match.anyValue()),
                "MaximumRetryAttempts", 2,
                "MaximumEventAgeInSeconds", 21600,
                "DestinationConfig", Map.of("OnFailure", Map.of(
                        "Destination", Map.of("Fn::GetAtt", List.of(queueId(snapStartTemplate), "Arn"))))));
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertSame(IConstruct construct, String id) {
        assertEquals(id, construct.getNode().getId());
    }

    private static Map<String, Object> ssmArn(Object reference) {
        return Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"),
                ":ssm:", Map.of("Ref", "AWS::Region"),
                ":", Map.of("Ref", "AWS::AccountId"),
                ":parameter/", reference)));
    }

    private static String configId(Template template) {
        return logicalId(template, "AWS::SSM::Parameter", Map.of("Description",
                Match.stringLikeRegexp("CognitoMackerelMetrics configuration of .*")));
    }

    private static Map<String, Object> ssmArn(String name) {
        return Map.of("Fn::Join", List.of("", List.of(
                "arn:", Map.of("Ref", "AWS::Partition"),
                ":ssm:", Map.of("Ref", "AWS::Region"),
                ":", Map.of("Ref", "AWS::AccountId"),
                ":parameter" + name)));
    }

    private static String functionId(Template template) {
        return logicalId(template, "AWS::Lambda::Function", Map.of());
    }

    private static String progressId(Template template) {
        return logicalId(template, "AWS::SSM::Parameter", Map.of("Value", "none"));
    }

    private static String roleId(Template template) {
        return logicalId(template, "AWS::IAM::Role", Map.of());
    }

    private static String logGroupId(Template template) {
        return logicalId(template, "AWS::Logs::LogGroup", Map.of());
    }

    private static String queueId(Template template) {
        return logicalId(template, "AWS::SQS::Queue", Map.of());
    }

    private static String ruleId(Template template) {
        return logicalId(template, "AWS::Events::Rule", Map.of());
    }
}
