package io.github.cognitomackerel;

import io.github.cognitomackerel.internal.Durations;
import io.github.cognitomackerel.internal.RuntimeJar;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Tokenization;
import software.amazon.awscdk.Validations;
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
 * <p>Provisions a Java Lambda function (the handler shipped inside this library), the SSM String parameters it reads
 * as its configuration, a least-privilege role, an EventBridge schedule, a dead-letter queue and two alarms.
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
 * applies), {@code Progress} (the String parameter where runs record how far they delivered), {@code Role}, {@code CloudWatchPolicy}, {@code Config} (the SSM parameters), {@code DeadLetterQueue},
 * {@code Function}, {@code Alias} (only with SnapStart), {@code Schedule}, {@code ErrorsAlarm},
 * {@code DeadLetterQueueAlarm}.
 *
 * <p>Permissions of the role: write to its own log group; {@code cloudwatch:GetMetricData} and
 * {@code cloudwatch:ListMetrics} (on {@code *}: they have no resource-level permissions);
 * {@code ssm:GetParametersByPath} on the parameter path; {@code ssm:GetParameter} on the API key parameter;
 * {@code ssm:GetParameter} and {@code ssm:PutParameter} on the progress parameter only;
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
    /** The environment variable that tells the function its SSM parameter path. */
    public static final String PARAMETER_PATH_VARIABLE = "COGNITO_MACKEREL_PARAMETER_PATH";
    /** The environment variable that tells the function the name of its progress parameter. */
    public static final String PROGRESS_PARAMETER_VARIABLE = "COGNITO_MACKEREL_PROGRESS_PARAMETER";
    /** The progress parameter's value until the first run records one (the runtime's ProgressStore.NONE). */
    public static final String NO_PROGRESS = "none";
    /** JVM options for a short run: C1 only, which starts faster. */
    public static final String JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    /** The alias the schedule invokes when SnapStart is on. */
    public static final String ALIAS_NAME = "live";
    /** The first level of the default parameter path. */
    public static final String DEFAULT_PARAMETER_PATH_ROOT = "/cognito-mackerel-metrics";
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

    private final String parameterPath;
    private final LogGroup logGroup;
    private final StringParameter progressParameter;
    private final Role role;
    private final Queue deadLetterQueue;
    private final Function function;
    private final Alias alias;
    private final Rule schedule;
    private final Alarm errorsAlarm;
    private final Alarm deadLetterQueueAlarm;

    /**
     * Creates the exporter.
     *
     * @param scope the parent construct
     * @param id the construct id
     * @param props the properties, see {@link CognitoMackerelMetricsProps#builder()}
     */
    public CognitoMackerelMetrics(Construct scope, String id, CognitoMackerelMetricsProps props) {
        super(scope, id);
        Objects.requireNonNull(props, "'props' is required: use CognitoMackerelMetricsProps.builder()...build()");
        this.parameterPath = props.getParameterPath() != null ? props.getParameterPath() : defaultParameterPath();
        rejectOverlappingParameterPaths();
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
        Policy cloudWatchPolicy = grantPermissions(props);

        Construct config = new Construct(this, "Config");
        writeConfiguration(config, props);

        this.deadLetterQueue = Queue.Builder.create(this, "DeadLetterQueue")
                // SSE-SQS: EventBridge (a service principal) cannot use the AWS managed key aws/sqs.
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Validations.of(deadLetterQueue).acknowledge(Acknowledgment.builder()
                .id(SQS3)
                .reason("This queue is itself the dead-letter queue of the schedule and of the function's "
                        + "asynchronous invocations; it is watched by the DeadLetterQueueAlarm.")
                .build());

        this.function = createFunction(props);
        // The function (not its versions and invoke configs) waits for its configuration and all its permissions.
        function.getNode().getDefaultChild().getNode().addDependency(config, cloudWatchPolicy);

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
    }

    private String defaultParameterPath() {
        String id = getNode().getId().replaceAll("[^A-Za-z0-9_.-]", "-");
        if (id.length() > 64) {
            id = id.substring(0, 64);
        }
        String path = DEFAULT_PARAMETER_PATH_ROOT + "/" + Stack.of(this).getStackName() + "/" + id + "-"
                + getNode().getAddr().substring(2, 10);
        if (!Token.isUnresolved(path)) {
            CognitoMackerelMetricsProps.validateParameterPath(path);
        }
        return path;
    }

    /**
     * The runtime reads everything under its path (recursively) and rejects names it does not know, so two exporters
     * deployed to the same account and region must not share a path or nest one under the other. Compares this
     * instance with every other one in the app whose stack has the same account and region (both resolved and equal,
     * or both the same deploy-time token); paths that are tokens are skipped.
     */
    private void rejectOverlappingParameterPaths() {
        if (Token.isUnresolved(parameterPath)) {
            return;
        }
        Stack stack = Stack.of(this);
        for (IConstruct construct : getNode().getRoot().getNode().findAll()) {
            if (!(construct instanceof CognitoMackerelMetrics) || construct == this) {
                continue;
            }
            CognitoMackerelMetrics other = (CognitoMackerelMetrics) construct;
            String otherPath = other.parameterPath;
            if (otherPath == null || Token.isUnresolved(otherPath)) {
                continue;
            }
            Stack otherStack = Stack.of(other);
            boolean sameEnvironment = stack.getAccount().equals(otherStack.getAccount())
                    && stack.getRegion().equals(otherStack.getRegion());
            if (sameEnvironment && overlaps(parameterPath, otherPath)) {
                throw new IllegalArgumentException("'parameterPath' '" + parameterPath + "' of "
                        + getNode().getPath() + " overlaps '" + otherPath + "' of " + other.getNode().getPath()
                        + " (the same path, or one under the other, in the same account and region): each function "
                        + "reads every parameter under its path, so it would read the other's configuration and fail; "
                        + "give each CognitoMackerelMetrics a path that is neither equal to nor under another's, or "
                        + "leave 'parameterPath' unset for a unique default");
            }
        }
    }

    /** Whether the paths are equal or one lies under the other at a level boundary ({@code /a} and {@code /a/b}). */
    private static boolean overlaps(String a, String b) {
        return a.equals(b) || a.startsWith(b + "/") || b.startsWith(a + "/");
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
        Validations.of(cloudWatch).acknowledge(Acknowledgment.builder()
                .id(IAM5_RESOURCE_STAR)
                .reason("cloudwatch:GetMetricData and cloudwatch:ListMetrics support no resource-level permissions; "
                        + "'*' is the only resource IAM accepts for them. They only read metrics.")
                .build());

        // GetParametersByPath is authorised against the requested path itself, not the parameters it returns.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadConfiguration")
                .actions(List.of("ssm:GetParametersByPath"))
                .resources(List.of(stack.formatArn(ArnComponents.builder()
                        .service("ssm")
                        .resource("parameter" + parameterPath)
                        .build())))
                .build());

        // Read on a cold start, written when a run delivered more: this parameter only, nothing wider.
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("RecordProgress")
                .actions(List.of("ssm:GetParameter", "ssm:PutParameter"))
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

    /** Writes the String parameters of the contract, one after another (SSM throttles concurrent PutParameter). */
    private void writeConfiguration(Construct config, CognitoMackerelMetricsProps props) {
        ParameterChain chain = new ParameterChain(config, parameterPath);
        chain.put("UserPoolId", "user-pool-id", props.getUserPool().getUserPoolId());
        Map<String, IUserPoolClient> clients = new TreeMap<>(props.getClients());
        if (!clients.isEmpty()) {
            Construct clientsScope = new Construct(config, "Clients");
            clients.forEach((alias, client) ->
                    chain.put(clientsScope, alias, "clients/" + alias, client.getUserPoolClientId()));
        }
        chain.put("MackerelServiceName", "mackerel-service-name", props.getMackerelServiceName());
        chain.put("MackerelApiKeyParameter", "mackerel-api-key-parameter", apiKeyParameterName(props));
        chain.put("MackerelApiBaseUrl", "mackerel-api-base-url", props.getMackerelApiBaseUrl());
        if (props.getMackerelBatchSize() != null) {
            // Written only when set, so that templates without it do not change; the runtime defaults to 1000.
            chain.put("MackerelBatchSize", "mackerel-batch-size", wholeNumberValue(props.getMackerelBatchSize()));
        }
        chain.put("MetricNamePrefix", "metric-name-prefix", props.getMetricNamePrefix());
        chain.put("Activities", "activities", props.getActivities().stream()
                .map(CognitoActivity::getValue)
                .collect(Collectors.joining(",")));
        if (props.getLegacyMetricNamesClient() != null) {
            chain.put("LegacyMetricNamesClient", "legacy-metric-names-client", props.getLegacyMetricNamesClient());
        }
        chain.put("PeriodSeconds", "period-seconds", secondsValue(props.getPeriod()));
        chain.put("LookbackSeconds", "lookback-seconds", secondsValue(props.getLookback()));
        chain.put("ZeroFill", "zero-fill", String.valueOf(props.getZeroFill()));
        // Written only when they differ from the runtime's defaults, so that templates without them do not change.
        if (!props.getHeartbeat()) {
            chain.put("Heartbeat", "heartbeat", "false");
        }
        if (props.getMaxCatchUp() != null) {
            chain.put("CatchUpMaxAgeSeconds", "catch-up-max-age-seconds", secondsValue(props.getMaxCatchUp()));
        }
    }

    private static String wholeNumberValue(Number number) {
        return Token.isUnresolved(number)
                ? Tokenization.stringifyNumber(number)
                : String.valueOf(Math.round(number.doubleValue()));
    }

    private static String secondsValue(Duration duration) {
        return duration.isUnresolved()
                ? Tokenization.stringifyNumber(duration.toSeconds())
                : String.valueOf(Durations.seconds(duration));
    }

    private Function createFunction(CognitoMackerelMetricsProps props) {
        RuntimeJar jar = RuntimeJar.extract();
        Map<String, String> environment = new TreeMap<>();
        environment.put(PARAMETER_PATH_VARIABLE, parameterPath);
        environment.put(PROGRESS_PARAMETER_VARIABLE, progressParameter.getParameterName());
        environment.put("JAVA_TOOL_OPTIONS", JAVA_TOOL_OPTIONS);
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
     * lookback only, or an earlier instant (within the last 23 h 50 min) to make it deliver again from there.
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
     * The SSM path holding this exporter's configuration.
     *
     * @return the path, e.g. {@code /cognito-mackerel-metrics/MyStack/CognitoMetrics-1a2b3c4d}
     */
    public String getParameterPath() {
        return parameterPath;
    }

    /** Creates SSM String parameters, each depending on the one before. */
    private static final class ParameterChain {
        private final Construct scope;
        private final String path;
        private StringParameter previous;

        ParameterChain(Construct scope, String path) {
            this.scope = scope;
            this.path = path;
        }

        void put(String id, String name, String value) {
            put(scope, id, name, value);
        }

        void put(Construct parent, String id, String name, String value) {
            StringParameter parameter = StringParameter.Builder.create(parent, id)
                    .parameterName(path + "/" + name)
                    .simpleName(false)
                    .stringValue(value)
                    .build();
            if (previous != null) {
                parameter.getNode().addDependency(previous);
            }
            previous = parameter;
        }
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
         * @param parameterPath see {@link CognitoMackerelMetricsProps#getParameterPath()}
         * @return this
         */
        public Builder parameterPath(String parameterPath) {
            props.parameterPath(parameterPath);
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
