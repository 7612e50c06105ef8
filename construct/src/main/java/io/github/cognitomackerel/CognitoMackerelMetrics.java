package io.github.cognitomackerel;

import io.github.cognitomackerel.internal.AwsCdkLibFloor;
import io.github.cognitomackerel.internal.Durations;
import io.github.cognitomackerel.internal.MackerelSide;
import io.github.cognitomackerel.internal.RuntimeJar;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.lambda.destinations.SqsDestination;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.ssm.IStringParameter;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Exports Amazon Cognito user-pool metrics to Mackerel service metrics every few minutes.
 *
 * <p>Provisions a Java Lambda function (the handler shipped inside this library), the SSM String parameter holding
 * its configuration document (every setting checked at synth by the rules the function applies when it loads it),
 * a least-privilege role, an EventBridge schedule, a dead-letter queue and two alarms.
 *
 * <pre>{@code
 * CognitoMackerelMetrics metrics = CognitoMackerelMetrics.Builder.create(this, "CognitoMetrics")
 *         .userPool(userPool)
 *         .clients(Map.of("web", webClient))
 *         .mackerelServiceName("my-service")
 *         .mackerelApiKeyParameterName("/mackerel/api-key")
 *         .build();
 * metrics.getErrorsAlarm().addAlarmAction(new SnsAction(topic));
 * }</pre>
 *
 * <p>Construct ids (stable, part of the API): {@code LogGroup} (kept when the stack is deleted; its retention still
 * applies), {@code Progress} (the String parameter where runs record how far they delivered), {@code Role},
 * {@code CloudWatchPolicy}, {@code Config} (the configuration parameter), {@code ConfigParameterName}
 * (a stack output with its generated name), {@code DeadLetterQueue},
 * {@code Function}, {@code Alias} (only with SnapStart), {@code Schedule}, {@code ErrorsAlarm},
 * {@code DeadLetterQueueAlarm}.
 *
 * <p>Permissions of the role: write to its own log group; {@code cloudwatch:GetMetricData} and
 * {@code cloudwatch:ListMetrics} (on {@code *}: they have no resource-level permissions);
 * {@code ssm:GetParameter} and {@code ssm:GetParameters} on the configuration parameter;
 * {@code ssm:GetParameter} on the API key parameter; {@code ssm:GetParameter}, {@code ssm:GetParameters} (a cold
 * start reads it with the configuration) and {@code ssm:PutParameter} on the progress parameter only;
 * {@code kms:Decrypt} through SSM only if a customer-managed key is given; {@code sqs:SendMessage} to the dead-letter
 * queue.
 *
 * <p>Failure handling: the schedule invokes the function asynchronously. EventBridge retries a failed delivery
 * ({@value #SCHEDULE_RETRY_ATTEMPTS} times, within {@value #MAX_EVENT_AGE_HOURS} hours); Lambda retries a failed run
 * ({@value #FUNCTION_RETRY_ATTEMPTS} times, within {@value #MAX_EVENT_AGE_HOURS} hours). Either way an event that is
 * given up lands in the dead-letter queue (kept 14 days). A retried or late run still exports the window of its own
 * scheduled time, and every run re-posts its whole lookback, so a single failure heals by itself; after a longer
 * outage, the next successful run delivers everything since the end recorded in the progress parameter, as far back
 * as Mackerel keeps values (see {@link CognitoMackerelMetricsProps#getMaxCatchUp()}).
 */
public class CognitoMackerelMetrics extends Construct {
    /** The handler in the runtime jar. */
    public static final String HANDLER = "io.github.cognitomackerel.runtime.Handler::handleRequest";
    /** The environment variable that tells the function the name of its configuration parameter. */
    public static final String CONFIG_PARAMETER_VARIABLE = FunctionEnvironment.CONFIG_PARAMETER;
    /** The environment variable that tells the function the name of its progress parameter. */
    public static final String PROGRESS_PARAMETER_VARIABLE = FunctionEnvironment.PROGRESS_PARAMETER;
    /** The progress parameter's value until the first run records one (the runtime's ProgressStore.NONE). */
    public static final String NO_PROGRESS = "none";
    /** The alias the schedule invokes when SnapStart is on. */
    public static final String ALIAS_NAME = "live";
    /** Lambda's retries of a run that failed. */
    public static final int FUNCTION_RETRY_ATTEMPTS = 2;
    /** EventBridge's retries of an invocation it could not deliver. */
    public static final int SCHEDULE_RETRY_ATTEMPTS = 10;
    /** How long EventBridge and Lambda keep trying one scheduled event. */
    public static final int MAX_EVENT_AGE_HOURS = 6;
    /** Consecutive alarm periods with errors that set off {@link #getErrorsAlarm()}. */
    public static final int ERRORS_ALARM_PERIODS = 3;

    /** Warning id: lookback shorter than three periods. */
    public static final String WARNING_SHORT_LOOKBACK = "cognito-mackerel-metrics:shortLookback";
    /** Warning id: timeout shorter than 30 seconds. */
    public static final String WARNING_SHORT_TIMEOUT = "cognito-mackerel-metrics:shortTimeout";

    private static final String IAM5_RESOURCE_STAR = "AwsSolutions-IAM5[Resource::*]";
    private static final String SQS3 = "AwsSolutions-SQS3";
    /**
     * The construct metadata that cdk-nag 3 reads as an acknowledgment: what {@code Validations.of(scope)
     * .acknowledge(..)} records (type {@code Validations.ACKNOWLEDGED_RULES_METADATA_KEY}, data {rule id: reason}).
     * Recorded directly because {@code Validations.acknowledge} and {@code Acknowledgment} only exist from aws-cdk-lib
     * 2.252.0, and the construct supports older releases ({@link AwsCdkLibFloor#MINIMUM_VERSION}).
     */
    private static final String ACKNOWLEDGED_RULES_METADATA = "aws:cdk:acknowledged-rules";
    /** The namespace aws-cdk-lib gives a rule id acknowledged without one; cdk-nag 3 strips it. */
    private static final String ACKNOWLEDGED_RULE_NAMESPACE = "Annotation::";
    /** The length of the client ids Cognito generates. */
    private static final int CLIENT_ID_LENGTH = 26;
    /** The longest user pool id. */
    private static final int USER_POOL_ID_LENGTH = 55;
    /** A generous length for any other value that is a token at synth. */
    private static final int UNKNOWN_VALUE_LENGTH = 128;

    private final StringParameter configParameter;
    private final StringParameter progressParameter;
    private final LogGroup logGroup;
    private final Role role;
    private final Queue deadLetterQueue;
    private final Function function;
    private final Alias alias;
    private final Rule schedule;
    private final Alarm errorsAlarm;
    private final Alarm deadLetterQueueAlarm;
    private final MackerelSide mackerelSide;

    /**
     * Creates the exporter.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties, see {@link CognitoMackerelMetricsProps#builder()}
     */
    public CognitoMackerelMetrics(Construct scope, String id, CognitoMackerelMetricsProps props) {
        super(scope, id);
        AwsCdkLibFloor.check();
        Objects.requireNonNull(props, "'props' is required: use CognitoMackerelMetricsProps.builder()...build()");
        warnAboutWeakSettings(props);

        this.logGroup = LogGroup.Builder.create(this, "LogGroup")
                .retention(props.getLogRetention())
                // Logs explain why an exporter failed; keep them after the stack is gone (retention still applies).
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        // Where scheduled runs record how far they delivered; CloudFormation names it. The function overwrites the
        // value (a drift CloudFormation ignores: it never changes the template's value, so updates keep it).
        this.progressParameter = StringParameter.Builder.create(this, "Progress")
                .description(truncate("How far CognitoMackerelMetrics " + getNode().getPath() + " has delivered "
                        + "metrics to Mackerel (written by its function; '" + NO_PROGRESS + "' until its first run)",
                        1024))
                .stringValue(NO_PROGRESS)
                .build();

        this.role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Runs CognitoMackerelMetrics: reads Cognito metrics from CloudWatch and its "
                        + "configuration from SSM")
                .build();
        this.configParameter = writeConfiguration(props);
        Policy cloudWatchPolicy = grantPermissions(props);

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                // SSE-SQS: EventBridge (a service principal) cannot use the AWS managed key aws/sqs.
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        acknowledge(deadLetterQueue, SQS3, "This queue is itself the dead-letter queue of the schedule and of the "
                + "function's asynchronous invocations; it is watched by the DeadLetterQueueAlarm.");

        this.function = createFunction(props);
        // The function (not its versions and invoke configs) waits for its configuration and all its permissions.
        function.getNode().getDefaultChild().getNode().addDependency(configParameter, cloudWatchPolicy);

        IFunction target = function;
        if (props.getSnapStart()) {
            this.alias = Alias.Builder.create(this, "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(function.getCurrentVersion())
                    .onFailure(new SqsDestination(deadLetterQueue))
                    .retryAttempts(FUNCTION_RETRY_ATTEMPTS)
                    .maxEventAge(Duration.hours(MAX_EVENT_AGE_HOURS))
                    .build();
            target = alias;
        } else {
            this.alias = null;
        }

        this.schedule = Rule.Builder.create(this, "Schedule")
                .description(truncate("Runs CognitoMackerelMetrics " + getNode().getPath(), 512))
                .schedule(Schedule.rate(props.getSchedule()))
                .enabled(props.getEnabled())
                .targets(List.of(new LambdaFunction(target, LambdaFunctionProps.builder()
                        .retryAttempts(SCHEDULE_RETRY_ATTEMPTS)
                        .maxEventAge(Duration.hours(MAX_EVENT_AGE_HOURS))
                        .deadLetterQueue(deadLetterQueue)
                        .build())))
                .build();

        Duration alarmPeriod = errorsAlarmPeriod(props.getSchedule());
        int periods = (int) Math.max(1, Math.min(ERRORS_ALARM_PERIODS, 86_400 / Durations.seconds(alarmPeriod)));
        this.errorsAlarm = Alarm.Builder.create(this, "ErrorsAlarm")
                .alarmDescription(truncate("Runs failed in " + periods + " consecutive periods of "
                        + Durations.describe(alarmPeriod) + ", so Mackerel is not receiving Cognito metrics. See the "
                        + "function's log group. (CognitoMackerelMetrics " + getNode().getPath() + ")", 1024))
                .metric(function.metricErrors(MetricOptions.builder()
                        .period(alarmPeriod)
                        .statistic("Sum")
                        .build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        this.deadLetterQueueAlarm = Alarm.Builder.create(this, "DeadLetterQueueAlarm")
                .alarmDescription(truncate("A scheduled run was given up after retries and sits in the "
                        + "dead-letter queue. Read it, fix the cause, then purge the queue. (CognitoMackerelMetrics "
                        + getNode().getPath() + ")", 1024))
                .metric(deadLetterQueue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5))
                        .statistic("Maximum")
                        .build()))
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .threshold(1)
                .evaluationPeriods(1)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();

        this.mackerelSide = addMackerelSide(props);
    }

    /** The service, monitors and dashboard in Mackerel (issue 12), unless every part is switched off. */
    private MackerelSide addMackerelSide(CognitoMackerelMetricsProps props) {
        if (!props.getManageMackerelService() && props.getMackerelMonitors().isEmpty()
                && !props.getMackerelDashboard()) {
            return null;
        }
        MackerelSide side = new MackerelSide(this, "Mackerel", new MackerelSide.Settings(
                props.getMackerelServiceName(), apiKeyParameterName(props), apiKeyParameterArn(props),
                props.getMackerelApiKeyEncryptionKey(), props.getMackerelApiBaseUrl(), props.getMetricNamePrefix(),
                props.getActivities(), List.copyOf(props.getClients().keySet()), props.getManageMackerelService(),
                props.getMackerelServiceRemovalPolicy(), props.getMackerelMonitors(), props.getMackerelDashboard(),
                props));
        if (side.getService() != null) {
            // The first scheduled run finds the service it posts to.
            schedule.getNode().addDependency(side.getService());
        }
        return side;
    }

    private void warnAboutWeakSettings(CognitoMackerelMetricsProps props) {
        Duration period = props.getPeriod();
        Duration lookback = props.getLookback();
        if (!period.isUnresolved() && !lookback.isUnresolved()
                && Durations.millis(lookback) < 3 * Durations.millis(period)) {
            Annotations.of(this).addWarningV2(WARNING_SHORT_LOOKBACK, "'lookback' (" + Durations.describe(lookback)
                    + ") covers fewer than 3 periods of " + Durations.describe(period) + ": values that CloudWatch "
                    + "completes late, or that a failed run missed, are not healed; consider at least "
                    + Durations.describe(Duration.seconds(3 * Durations.seconds(period))));
        }
        Duration timeout = props.getTimeout();
        if (!timeout.isUnresolved() && Durations.millis(timeout) < 30_000) {
            Annotations.of(this).addWarningV2(WARNING_SHORT_TIMEOUT, "'timeout' (" + Durations.describe(timeout)
                    + ") leaves little room for a cold start and for retried calls to CloudWatch, SSM and Mackerel; "
                    + "consider at least 30 seconds");
        }
    }

    private Policy grantPermissions(CognitoMackerelMetricsProps props) {
        Stack stack = Stack.of(this);
        logGroup.grantWrite(role);

        // A policy of its own, so that the acknowledgment below covers this statement and nothing added later.
        Policy cloudWatch = Policy.Builder.create(this, "CloudWatchPolicy")
                .roles(List.of(role))
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("ReadCognitoMetrics")
                        .actions(List.of("cloudwatch:GetMetricData", "cloudwatch:ListMetrics"))
                        .resources(List.of("*"))
                        .build()))
                .build();
        acknowledge(cloudWatch, IAM5_RESOURCE_STAR, "cloudwatch:GetMetricData and cloudwatch:ListMetrics support no "
                + "resource-level permissions; '*' is the only resource IAM accepts for them. They only read metrics.");

        // Read on exactly the configuration parameter (alone, or with the progress on a cold start), nothing wider;
        // not grantRead, whose ssm:DescribeParameters and ssm:GetParameterHistory the function never calls.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadConfiguration")
                .actions(List.of("ssm:GetParameter", "ssm:GetParameters"))
                .resources(List.of(configParameter.getParameterArn()))
                .build());

        // Read on a cold start (GetParameters, with the configuration), written when a run delivered more: this
        // parameter only, nothing wider.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RecordProgress")
                .actions(List.of("ssm:GetParameter", "ssm:GetParameters", "ssm:PutParameter"))
                .resources(List.of(progressParameter.getParameterArn()))
                .build());

        String keyParameterArn = apiKeyParameterArn(props);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadMackerelApiKey")
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(keyParameterArn))
                .build());

        IKey key = props.getMackerelApiKeyEncryptionKey();
        if (key != null) {
            Map<String, String> equals = new TreeMap<>();
            equals.put("kms:ViaService", "ssm." + stack.getRegion() + "." + stack.getUrlSuffix());
            equals.put("kms:EncryptionContext:PARAMETER_ARN", keyParameterArn);
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptMackerelApiKey")
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(key.getKeyArn()))
                    .conditions(Map.of("StringEquals", equals))
                    .build());
        }
        return cloudWatch;
    }

    private String apiKeyParameterArn(CognitoMackerelMetricsProps props) {
        IStringParameter parameter = props.getMackerelApiKeyParameter();
        if (parameter != null) {
            return parameter.getParameterArn();
        }
        String name = props.getMackerelApiKeyParameterName();
        return Stack.of(this).formatArn(ArnComponents.builder()
                .service("ssm")
                .resource(name.startsWith("/") ? "parameter" + name : "parameter/" + name)
                .build());
    }

    private static String apiKeyParameterName(CognitoMackerelMetricsProps props) {
        IStringParameter parameter = props.getMackerelApiKeyParameter();
        return parameter != null ? parameter.getParameterName() : props.getMackerelApiKeyParameterName();
    }

    /**
     * Writes the configuration document: one String parameter with a name CloudFormation generates, holding every
     * setting as {@code key=value} lines ({@link ConfigDocument}); values known only at deploy time (the pool and
     * client ids) are filled in by CloudFormation. Fails at synth when the document could exceed SSM's 4 KB.
     */
    private StringParameter writeConfiguration(CognitoMackerelMetricsProps props) {
        Map<String, String> settings = props.settings();
        rejectOversizedDocument(settings);
        StringParameter parameter = StringParameter.Builder.create(this, "Config")
                .description("CognitoMackerelMetrics configuration of " + truncate(getNode().getPath(), 900))
                .stringValue(ConfigDocument.render(settings))
                .build();
        CfnOutput.Builder.create(this, "ConfigParameterName")
                .description("The configuration parameter of CognitoMackerelMetrics " + truncate(getNode().getPath(),
                        900) + ": give it to the command line (--config-parameter), or edit it to change a setting "
                        + "until the next deploy")
                .value(parameter.getParameterName())
                .build();
        return parameter;
    }

    /**
     * SSM's standard tier takes at most 4096 bytes. Values known only at deploy time count at the longest they
     * usually are (a client id 26 characters, a pool id 55).
     */
    private static void rejectOversizedDocument(Map<String, String> settings) {
        Map<String, String> estimated = new java.util.LinkedHashMap<>();
        settings.forEach((key, value) -> estimated.put(key, Token.isUnresolved(value)
                ? "x".repeat(key.startsWith(ExporterSettings.CLIENT_PREFIX) ? CLIENT_ID_LENGTH
                        : key.equals(ExporterSettings.USER_POOL_ID) ? USER_POOL_ID_LENGTH : UNKNOWN_VALUE_LENGTH)
                : value));
        int bytes = ConfigDocument.bytes(ConfigDocument.render(estimated));
        if (bytes > ExporterSettings.MAX_DOCUMENT_BYTES) {
            long clients = settings.keySet().stream().filter(k -> k.startsWith(ExporterSettings.CLIENT_PREFIX))
                    .count();
            throw new IllegalArgumentException("the configuration document would be about " + bytes + " bytes with "
                    + clients + " 'clients', over the " + ExporterSettings.MAX_DOCUMENT_BYTES + " bytes an SSM "
                    + "String parameter (standard tier) holds: name fewer app clients in 'clients' (each takes about "
                    + (CLIENT_ID_LENGTH + 20) + " bytes; clients without an alias are still exported, under their "
                    + "ids and in 'total') or use shorter aliases");
        }
    }

    private Function createFunction(CognitoMackerelMetricsProps props) {
        RuntimeJar jar = RuntimeJar.extract();
        Map<String, String> environment = new TreeMap<>();
        environment.put(CONFIG_PARAMETER_VARIABLE, configParameter.getParameterName());
        environment.put(PROGRESS_PARAMETER_VARIABLE, progressParameter.getParameterName());
        return Function.Builder.create(this, "Function")
                .description("Exports Amazon Cognito user pool metrics to Mackerel (CognitoMackerelMetrics)")
                .runtime(props.getRuntime())
                .architecture(props.getArchitecture())
                .handler(HANDLER)
                .code(Code.fromAsset(jar.getPath().toString(), AssetOptions.builder()
                        .assetHash(jar.getSha256())
                        .assetHashType(AssetHashType.CUSTOM)
                        .build()))
                .memorySize(props.getMemorySize())
                .timeout(props.getTimeout())
                .role(role)
                .environment(environment)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .applicationLogLevelV2(props.getLogLevel())
                .systemLogLevelV2(props.getSystemLogLevel())
                // null (reserveConcurrency false) leaves ReservedConcurrentExecutions out of the template.
                .reservedConcurrentExecutions(props.getReservedConcurrentExecutions())
                .snapStart(props.getSnapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .onFailure(new SqsDestination(deadLetterQueue))
                .retryAttempts(FUNCTION_RETRY_ATTEMPTS)
                .maxEventAge(Duration.hours(MAX_EVENT_AGE_HOURS))
                .build();
    }

    /** Acknowledges a cdk-nag finding on {@code scope} and everything under it, as aws-cdk-lib's own API would. */
    private static void acknowledge(IConstruct scope, String ruleId, String reason) {
        scope.getNode().addMetadata(ACKNOWLEDGED_RULES_METADATA, Map.of(ACKNOWLEDGED_RULE_NAMESPACE + ruleId, reason));
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    /** One alarm period holds at least one scheduled run, and is never shorter than 5 minutes. */
    private static Duration errorsAlarmPeriod(Duration schedule) {
        if (schedule.isUnresolved() || Durations.millis(schedule) <= Durations.millis(Duration.minutes(5))) {
            return Duration.minutes(5);
        }
        return Duration.minutes(Durations.seconds(schedule) / 60);
    }

    /**
     * The Lambda function behind the Mackerel side's custom resources (service, monitors, dashboard).
     *
     * @return the function, or {@code null} when {@code manageMackerelService} and {@code mackerelDashboard} are
     *         false and {@code mackerelMonitors} is empty
     */
    public Function getMackerelFunction() {
        return mackerelSide == null ? null : mackerelSide.getFunction();
    }

    /**
     * The Lambda function that runs the exporter.
     *
     * @return the function
     */
    public Function getFunction() {
        return function;
    }

    /**
     * The alias the schedule invokes when SnapStart is on.
     *
     * @return the alias {@value #ALIAS_NAME} of the latest published version, or null without SnapStart
     */
    public Alias getAlias() {
        return alias;
    }

    /**
     * The String parameter where scheduled runs record the end of what they delivered (an ISO-8601 instant, or
     * {@value #NO_PROGRESS} before the first run). Put {@value #NO_PROGRESS} in it to make the next run cover its
     * lookback only, or an earlier instant (within what Mackerel keeps) to make it deliver again from there.
     *
     * @return the parameter (its name is generated by CloudFormation)
     */
    public StringParameter getProgressParameter() {
        return progressParameter;
    }

    /**
     * The function's execution role (no managed policies).
     *
     * @return the role
     */
    public Role getRole() {
        return role;
    }

    /**
     * The function's log group.
     *
     * @return the log group
     */
    public LogGroup getLogGroup() {
        return logGroup;
    }

    /**
     * The queue that receives scheduled events given up by EventBridge or by Lambda.
     *
     * @return the dead-letter queue
     */
    public Queue getDeadLetterQueue() {
        return deadLetterQueue;
    }

    /**
     * The EventBridge rule that runs the exporter.
     *
     * @return the rule
     */
    public Rule getSchedule() {
        return schedule;
    }

    /**
     * Goes off when runs fail in {@value #ERRORS_ALARM_PERIODS} consecutive periods (5 minutes, or the schedule's
     * rate if longer), i.e. when the exporter is broken rather than unlucky once. Add actions to it, e.g.
     * {@code getErrorsAlarm().addAlarmAction(new SnsAction(topic))}.
     *
     * @return the alarm
     */
    public Alarm getErrorsAlarm() {
        return errorsAlarm;
    }

    /**
     * Goes off while the dead-letter queue holds a message.
     *
     * @return the alarm
     */
    public Alarm getDeadLetterQueueAlarm() {
        return deadLetterQueueAlarm;
    }

    /**
     * The String parameter holding this exporter's configuration document (its name is generated by
     * CloudFormation and shown by the stack output {@code ConfigParameterName}).
     *
     * @return the parameter
     */
    public StringParameter getConfigParameter() {
        return configParameter;
    }

    /** A fluent builder: {@code CognitoMackerelMetrics.Builder.create(scope, id)...build()}. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private final CognitoMackerelMetricsProps.Builder props = CognitoMackerelMetricsProps.builder();

        private Builder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        /**
         * Starts a builder.
         *
         * @param scope the parent construct
         * @param id the construct id
         * @return a new builder
         */
        public static Builder create(Construct scope, String id) {
            return new Builder(scope, id);
        }

        /**
         * @param userPool see {@link CognitoMackerelMetricsProps#getUserPool()}
         * @return this
         */
        public Builder userPool(IUserPool userPool) {
            props.userPool(userPool);
            return this;
        }

        /**
         * @param clients see {@link CognitoMackerelMetricsProps#getClients()}
         * @return this
         */
        public Builder clients(Map<String, ? extends IUserPoolClient> clients) {
            props.clients(clients);
            return this;
        }

        /**
         * @param mackerelServiceName see {@link CognitoMackerelMetricsProps#getMackerelServiceName()}
         * @return this
         */
        public Builder mackerelServiceName(String mackerelServiceName) {
            props.mackerelServiceName(mackerelServiceName);
            return this;
        }

        /**
         * @param mackerelApiKeyParameter see {@link CognitoMackerelMetricsProps#getMackerelApiKeyParameter()}
         * @return this
         */
        public Builder mackerelApiKeyParameter(IStringParameter mackerelApiKeyParameter) {
            props.mackerelApiKeyParameter(mackerelApiKeyParameter);
            return this;
        }

        /**
         * @param mackerelApiKeyParameterName see {@link CognitoMackerelMetricsProps#getMackerelApiKeyParameterName()}
         * @return this
         */
        public Builder mackerelApiKeyParameterName(String mackerelApiKeyParameterName) {
            props.mackerelApiKeyParameterName(mackerelApiKeyParameterName);
            return this;
        }

        /**
         * @param mackerelApiKeyEncryptionKey see {@link CognitoMackerelMetricsProps#getMackerelApiKeyEncryptionKey()}
         * @return this
         */
        public Builder mackerelApiKeyEncryptionKey(IKey mackerelApiKeyEncryptionKey) {
            props.mackerelApiKeyEncryptionKey(mackerelApiKeyEncryptionKey);
            return this;
        }

        /**
         * @param mackerelApiBaseUrl see {@link CognitoMackerelMetricsProps#getMackerelApiBaseUrl()}
         * @return this
         */
        public Builder mackerelApiBaseUrl(String mackerelApiBaseUrl) {
            props.mackerelApiBaseUrl(mackerelApiBaseUrl);
            return this;
        }

        /**
         * @param mackerelBatchSize see {@link CognitoMackerelMetricsProps#getMackerelBatchSize()}
         * @return this
         */
        public Builder mackerelBatchSize(Number mackerelBatchSize) {
            props.mackerelBatchSize(mackerelBatchSize);
            return this;
        }

        /**
         * @param metricNamePrefix see {@link CognitoMackerelMetricsProps#getMetricNamePrefix()}
         * @return this
         */
        public Builder metricNamePrefix(String metricNamePrefix) {
            props.metricNamePrefix(metricNamePrefix);
            return this;
        }

        /**
         * @param activities see {@link CognitoMackerelMetricsProps#getActivities()}
         * @return this
         */
        public Builder activities(List<CognitoActivity> activities) {
            props.activities(activities);
            return this;
        }

        /**
         * @param activities see {@link CognitoMackerelMetricsProps#getActivities()}
         * @return this
         */
        public Builder activities(CognitoActivity... activities) {
            props.activities(activities);
            return this;
        }

        /**
         * @param legacyMetricNamesClient see {@link CognitoMackerelMetricsProps#getLegacyMetricNamesClient()}
         * @return this
         */
        public Builder legacyMetricNamesClient(String legacyMetricNamesClient) {
            props.legacyMetricNamesClient(legacyMetricNamesClient);
            return this;
        }

        /**
         * @param period see {@link CognitoMackerelMetricsProps#getPeriod()}
         * @return this
         */
        public Builder period(Duration period) {
            props.period(period);
            return this;
        }

        /**
         * @param lookback see {@link CognitoMackerelMetricsProps#getLookback()}
         * @return this
         */
        public Builder lookback(Duration lookback) {
            props.lookback(lookback);
            return this;
        }

        /**
         * @param zeroFill see {@link CognitoMackerelMetricsProps#getZeroFill()}
         * @return this
         */
        public Builder zeroFill(Boolean zeroFill) {
            props.zeroFill(zeroFill);
            return this;
        }

        /**
         * @param schedule see {@link CognitoMackerelMetricsProps#getSchedule()}
         * @return this
         */
        public Builder schedule(Duration schedule) {
            props.schedule(schedule);
            return this;
        }

        /**
         * @param enabled see {@link CognitoMackerelMetricsProps#getEnabled()}
         * @return this
         */
        public Builder enabled(Boolean enabled) {
            props.enabled(enabled);
            return this;
        }

        /**
         * @param memorySize see {@link CognitoMackerelMetricsProps#getMemorySize()}
         * @return this
         */
        public Builder memorySize(Number memorySize) {
            props.memorySize(memorySize);
            return this;
        }

        /**
         * @param timeout see {@link CognitoMackerelMetricsProps#getTimeout()}
         * @return this
         */
        public Builder timeout(Duration timeout) {
            props.timeout(timeout);
            return this;
        }

        /**
         * @param architecture see {@link CognitoMackerelMetricsProps#getArchitecture()}
         * @return this
         */
        public Builder architecture(Architecture architecture) {
            props.architecture(architecture);
            return this;
        }

        /**
         * @param runtime see {@link CognitoMackerelMetricsProps#getRuntime()}
         * @return this
         */
        public Builder runtime(Runtime runtime) {
            props.runtime(runtime);
            return this;
        }

        /**
         * @param logRetention see {@link CognitoMackerelMetricsProps#getLogRetention()}
         * @return this
         */
        public Builder logRetention(RetentionDays logRetention) {
            props.logRetention(logRetention);
            return this;
        }

        /**
         * @param logLevel see {@link CognitoMackerelMetricsProps#getLogLevel()}
         * @return this
         */
        public Builder logLevel(ApplicationLogLevel logLevel) {
            props.logLevel(logLevel);
            return this;
        }

        /**
         * @param systemLogLevel see {@link CognitoMackerelMetricsProps#getSystemLogLevel()}
         * @return this
         */
        public Builder systemLogLevel(SystemLogLevel systemLogLevel) {
            props.systemLogLevel(systemLogLevel);
            return this;
        }

        /**
         * @param reserveConcurrency see {@link CognitoMackerelMetricsProps#getReserveConcurrency()}
         * @return this
         */
        public Builder reserveConcurrency(Boolean reserveConcurrency) {
            props.reserveConcurrency(reserveConcurrency);
            return this;
        }

        /**
         * @param reservedConcurrentExecutions see
         *        {@link CognitoMackerelMetricsProps#getReservedConcurrentExecutions()}
         * @return this
         */
        public Builder reservedConcurrentExecutions(Number reservedConcurrentExecutions) {
            props.reservedConcurrentExecutions(reservedConcurrentExecutions);
            return this;
        }

        /**
         * @param snapStart see {@link CognitoMackerelMetricsProps#getSnapStart()}
         * @return this
         */
        public Builder snapStart(Boolean snapStart) {
            props.snapStart(snapStart);
            return this;
        }

        /**
         * @param heartbeat see {@link CognitoMackerelMetricsProps#getHeartbeat()}
         * @return this
         */
        public Builder heartbeat(Boolean heartbeat) {
            props.heartbeat(heartbeat);
            return this;
        }

        /**
         * @param maxCatchUp see {@link CognitoMackerelMetricsProps#getMaxCatchUp()}
         * @return this
         */
        public Builder maxCatchUp(Duration maxCatchUp) {
            props.maxCatchUp(maxCatchUp);
            return this;
        }

        /**
         * @param manageMackerelService see {@link CognitoMackerelMetricsProps#getManageMackerelService()}
         * @return this
         */
        public Builder manageMackerelService(Boolean manageMackerelService) {
            props.manageMackerelService(manageMackerelService);
            return this;
        }

        /**
         * @param mackerelServiceRemovalPolicy see
         *        {@link CognitoMackerelMetricsProps#getMackerelServiceRemovalPolicy()}
         * @return this
         */
        public Builder mackerelServiceRemovalPolicy(RemovalPolicy mackerelServiceRemovalPolicy) {
            props.mackerelServiceRemovalPolicy(mackerelServiceRemovalPolicy);
            return this;
        }

        /**
         * @param mackerelMonitors see {@link CognitoMackerelMetricsProps#getMackerelMonitors()}
         * @return this
         */
        public Builder mackerelMonitors(List<MackerelMonitor> mackerelMonitors) {
            props.mackerelMonitors(mackerelMonitors);
            return this;
        }

        /**
         * @param mackerelDashboard see {@link CognitoMackerelMetricsProps#getMackerelDashboard()}
         * @return this
         */
        public Builder mackerelDashboard(Boolean mackerelDashboard) {
            props.mackerelDashboard(mackerelDashboard);
            return this;
        }

        /**
         * Validates the properties and creates the construct.
         *
         * @return the construct
         * @throws IllegalArgumentException if a property is missing or not allowed
         */
        public CognitoMackerelMetrics build() {
            return new CognitoMackerelMetrics(scope, id, props.build());
        }
    }
}
