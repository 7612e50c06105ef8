package io.github.cognitomackerel;

import io.github.cognitomackerel.internal.Durations;
import io.github.cognitomackerel.internal.MackerelSide;
import io.github.cognitomackerel.settings.Catalog;
import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.Problem;
import io.github.cognitomackerel.settings.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.Tokenization;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.ApplicationLogLevel;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.RuntimeFamily;
import software.amazon.awscdk.services.lambda.SystemLogLevel;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.ssm.IStringParameter;

/**
 * Properties of {@link CognitoMackerelMetrics}: immutable, validated when built.
 *
 * <p>{@link Builder#build()} throws {@link IllegalArgumentException} for a bad value, naming the property, showing the
 * value and saying how to fix it. Values that are CDK tokens (known only at deploy time) are not checked.
 *
 * <pre>{@code
 * CognitoMackerelMetricsProps props = CognitoMackerelMetricsProps.builder()
 *         .userPool(userPool)
 *         .clients(Map.of("web", webClient))
 *         .mackerelServiceName("my-service")
 *         .mackerelApiKeyParameterName("/mackerel/api-key")
 *         .build();
 * }</pre>
 */
public final class CognitoMackerelMetricsProps {
    /** The Mackerel API's base URL unless {@code mackerelApiBaseUrl} says otherwise. */
    public static final String DEFAULT_MACKEREL_API_BASE_URL = ExporterSettings.DEFAULT_BASE_URL;
    /** The metric-name prefix unless {@code metricNamePrefix} says otherwise. */
    public static final String DEFAULT_METRIC_NAME_PREFIX = Catalog.DEFAULT_PREFIX;
    /** The alias that stands for the sum over all app clients; reserved, not usable in {@code clients}. */
    public static final String TOTAL_CLIENT = Catalog.TOTAL;

    static final Pattern JAVA_RUNTIME = Pattern.compile("java(\\d+)(\\..*)?");
    static final int MIN_JAVA_VERSION = 17;

    private final IUserPool userPool;
    private final Map<String, IUserPoolClient> clients;
    private final String mackerelServiceName;
    private final IStringParameter mackerelApiKeyParameter;
    private final String mackerelApiKeyParameterName;
    private final IKey mackerelApiKeyEncryptionKey;
    private final String mackerelApiBaseUrl;
    private final Number mackerelBatchSize;
    private final String metricNamePrefix;
    private final List<CognitoActivity> activities;
    private final String legacyMetricNamesClient;
    private final Duration period;
    private final Duration lookback;
    private final boolean zeroFill;
    private final Duration schedule;
    private final boolean enabled;
    private final Number memorySize;
    private final Duration timeout;
    private final Architecture architecture;
    private final Runtime runtime;
    private final RetentionDays logRetention;
    private final ApplicationLogLevel logLevel;
    private final SystemLogLevel systemLogLevel;
    private final boolean reserveConcurrency;
    private final Number reservedConcurrentExecutions;
    private final boolean snapStart;
    private final boolean heartbeat;
    private final Duration maxCatchUp;
    // The Mackerel side (issue 12): see MackerelMonitor and internal.MackerelSide.
    private final boolean manageMackerelService;
    private final RemovalPolicy mackerelServiceRemovalPolicy;
    private final List<MackerelMonitor> mackerelMonitors;
    private final boolean mackerelDashboard;

    private CognitoMackerelMetricsProps(Builder b) {
        this.userPool = b.userPool;
        this.clients = b.clients == null ? Map.of() : Map.copyOf(b.clients);
        this.mackerelServiceName = b.mackerelServiceName;
        this.mackerelApiKeyParameter = b.mackerelApiKeyParameter;
        this.mackerelApiKeyParameterName = b.mackerelApiKeyParameterName;
        this.mackerelApiKeyEncryptionKey = b.mackerelApiKeyEncryptionKey;
        this.mackerelApiBaseUrl = b.mackerelApiBaseUrl == null
                ? DEFAULT_MACKEREL_API_BASE_URL : normaliseBaseUrl(b.mackerelApiBaseUrl);
        this.heartbeat = b.heartbeat == null ? ExporterSettings.DEFAULT_HEARTBEAT : b.heartbeat;
        this.maxCatchUp = b.maxCatchUp == null
                ? Duration.seconds(ExporterSettings.DEFAULT_CATCH_UP_MAX_AGE_SECONDS) : b.maxCatchUp;
        this.mackerelBatchSize = b.mackerelBatchSize;
        this.metricNamePrefix = b.metricNamePrefix == null ? DEFAULT_METRIC_NAME_PREFIX : b.metricNamePrefix;
        this.activities = b.activities == null ? ExporterSettings.DEFAULT_ACTIVITIES : List.copyOf(b.activities);
        this.legacyMetricNamesClient = b.legacyMetricNamesClient;
        this.period = b.period == null ? Duration.seconds(ExporterSettings.DEFAULT_PERIOD_SECONDS) : b.period;
        this.lookback = b.lookback == null ? Duration.seconds(ExporterSettings.DEFAULT_LOOKBACK_SECONDS) : b.lookback;
        this.zeroFill = b.zeroFill == null ? ExporterSettings.DEFAULT_ZERO_FILL : b.zeroFill;
        this.schedule = b.schedule == null ? Duration.minutes(5) : b.schedule;
        this.enabled = b.enabled == null || b.enabled;
        this.memorySize = b.memorySize == null ? Integer.valueOf(512) : b.memorySize;
        this.timeout = b.timeout == null ? Duration.minutes(1) : b.timeout;
        this.architecture = b.architecture == null ? Architecture.ARM_64 : b.architecture;
        this.runtime = b.runtime == null ? Runtime.JAVA_25 : b.runtime;
        this.logRetention = b.logRetention == null ? RetentionDays.ONE_MONTH : b.logRetention;
        this.logLevel = b.logLevel == null ? ApplicationLogLevel.INFO : b.logLevel;
        this.systemLogLevel = b.systemLogLevel == null ? SystemLogLevel.INFO : b.systemLogLevel;
        this.reserveConcurrency = b.reserveConcurrency == null || b.reserveConcurrency;
        // Without a reservation the default 1 does not apply; a value set anyway is rejected by validateFunction.
        this.reservedConcurrentExecutions = b.reservedConcurrentExecutions == null && reserveConcurrency
                ? Integer.valueOf(1) : b.reservedConcurrentExecutions;
        this.snapStart = b.snapStart != null && b.snapStart;
        this.manageMackerelService = b.manageMackerelService == null || b.manageMackerelService;
        this.mackerelServiceRemovalPolicy = b.mackerelServiceRemovalPolicy == null
                ? RemovalPolicy.RETAIN : b.mackerelServiceRemovalPolicy;
        // The default watches the heartbeat, which is posted only with 'heartbeat' on.
        this.mackerelMonitors = b.mackerelMonitors != null ? List.copyOf(b.mackerelMonitors)
                : heartbeat ? List.of(MackerelMonitor.exporterStopped(defaultHeartbeatAlarm(schedule))) : List.of();
        this.mackerelDashboard = b.mackerelDashboard == null || b.mackerelDashboard;
    }

    /** 30 minutes, or 3 schedule intervals rounded up to 10 minutes when that is longer (at most 7 days). */
    static Duration defaultHeartbeatAlarm(Duration schedule) {
        long minutes = 30;
        if (!schedule.isUnresolved()) {
            long three = (3 * Durations.seconds(schedule) + 599) / 600 * 10;
            minutes = Math.min(Math.max(minutes, three), 7 * 24 * 60);
        }
        return Duration.minutes(minutes);
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The user pool whose metrics are exported. An imported pool works ({@code UserPool.fromUserPoolId}).
     *
     * @return the user pool (required)
     */
    public IUserPool getUserPool() {
        return userPool;
    }

    /**
     * App clients to export separately, by alias. An alias matches {@code [a-z0-9][a-z0-9_]{0,62}} and is not
     * {@code total} (the sum) or {@code admin} (Cognito reports administrator actions under a client named
     * {@code Admin}); it becomes the client part of metric names ({@code cognito.sign_in.<alias>.success}). Clients of
     * the pool that are not listed are still exported, under their raw client id, and all of them are summed under
     * {@code total}.
     *
     * @return alias to client, never null
     * @default - no aliases: clients appear under their ids and {@code total}
     */
    public Map<String, IUserPoolClient> getClients() {
        return clients;
    }

    /**
     * The Mackerel service that receives the metrics: 2-63 characters of {@code [A-Za-z0-9_-]}, not starting with
     * {@code -} or {@code _}. The service must exist in Mackerel.
     *
     * @return the service name (required)
     */
    public String getMackerelServiceName() {
        return mackerelServiceName;
    }

    /**
     * The existing SSM SecureString parameter that holds the Mackerel API key, e.g.
     * {@code StringParameter.fromSecureStringParameterAttributes(this, "ApiKey", ...)}. Set exactly one of this and
     * {@link #getMackerelApiKeyParameterName()}. The construct never reads or writes the key; the function reads it
     * at run time with {@code ssm:GetParameter} on this parameter only.
     *
     * @return the parameter, or null if {@link #getMackerelApiKeyParameterName()} is set
     * @default - {@link #getMackerelApiKeyParameterName()} is used
     */
    public IStringParameter getMackerelApiKeyParameter() {
        return mackerelApiKeyParameter;
    }

    /**
     * The name of the existing SSM SecureString parameter that holds the Mackerel API key, e.g.
     * {@code /mackerel/api-key}. Set exactly one of this and {@link #getMackerelApiKeyParameter()}.
     *
     * @return the parameter name, or null if {@link #getMackerelApiKeyParameter()} is set
     * @default - {@link #getMackerelApiKeyParameter()} is used
     */
    public String getMackerelApiKeyParameterName() {
        return mackerelApiKeyParameterName;
    }

    /**
     * The customer-managed KMS key that encrypts the API key parameter. When set, the function may use
     * {@code kms:Decrypt} on this key, only through SSM ({@code kms:ViaService}) and only for that parameter
     * ({@code kms:EncryptionContext:PARAMETER_ARN}). Leave it unset for the AWS managed key {@code aws/ssm}: its key
     * policy already allows every principal of the account to decrypt through SSM, so no IAM grant is needed.
     *
     * @return the key, or null
     * @default - the parameter is encrypted with the AWS managed key {@code aws/ssm}
     */
    public IKey getMackerelApiKeyEncryptionKey() {
        return mackerelApiKeyEncryptionKey;
    }

    /**
     * The Mackerel API's base URL: https (http only for a loopback address, for local tests), ending in {@code /}
     * (a missing trailing slash is added, the scheme is lower-cased).
     *
     * @return the base URL, never null
     * @default "https://api.mackerelio.com/"
     */
    public String getMackerelApiBaseUrl() {
        return mackerelApiBaseUrl;
    }

    /**
     * How many metric values the function posts to Mackerel in one API call: a whole number from 1 to 5000.
     *
     * @return the batch size, or null for the runtime's default
     * @default 1000
     */
    public Number getMackerelBatchSize() {
        return mackerelBatchSize;
    }

    /**
     * The first part of every metric name; lower-case dot-separated words of {@code [a-z0-9_]}.
     *
     * @return the prefix, never null
     * @default "cognito"
     */
    public String getMetricNamePrefix() {
        return metricNamePrefix;
    }

    /**
     * The activities to export; non-empty, no duplicates.
     *
     * @return the activities, never null
     * @default - all four: SIGN_UP, SIGN_IN, TOKEN_REFRESH, FEDERATION
     */
    public List<CognitoActivity> getActivities() {
        return activities;
    }

    /**
     * Migration aid: an alias from {@link #getClients()}, or {@code total}, whose sign-ins are also posted under the
     * original script's names {@code cognito.SignIn_Success} and {@code cognito.SignIn_Attempt}, so existing graphs
     * and monitors keep working while you move to the new names. Those names are sign-in values, so
     * {@link #getActivities()} must include {@link CognitoActivity#SIGN_IN} (the default does).
     *
     * @return the alias, or null
     * @default - the legacy names are not posted
     */
    public String getLegacyMetricNamesClient() {
        return legacyMetricNamesClient;
    }

    /**
     * The length of one metric value: {@code Duration.minutes(1)} or {@code Duration.minutes(5)}.
     *
     * @return the period, never null
     * @default Duration.minutes(5)
     */
    public Duration getPeriod() {
        return period;
    }

    /**
     * How far back each run reads and re-posts values: a whole multiple of {@link #getPeriod()}, at most 23 hours
     * 30 minutes (Mackerel keeps 24 hours, less a margin), and at least {@link #getSchedule()}. Re-posting heals
     * values that CloudWatch completed late or that a failed run missed; keep it at three periods or more.
     *
     * @return the lookback, never null
     * @default Duration.minutes(15)
     */
    public Duration getLookback() {
        return lookback;
    }

    /**
     * Whether periods without CloudWatch data are posted as 0 (so graphs show zero, not a gap).
     *
     * @return true to post zeros
     * @default true
     */
    public boolean getZeroFill() {
        return zeroFill;
    }

    /**
     * How often the exporter runs: a whole number of minutes, at least 1, at most {@link #getLookback()}.
     *
     * @return the rate, never null
     * @default Duration.minutes(5)
     */
    public Duration getSchedule() {
        return schedule;
    }

    /**
     * Whether the schedule is enabled. When false, everything is deployed but the rule is disabled.
     *
     * @return true if the exporter runs on schedule
     * @default true
     */
    public boolean getEnabled() {
        return enabled;
    }

    /**
     * The function's memory in MB, 128 to 10240 (CPU grows with it).
     *
     * @return the memory size, never null
     * @default 512
     */
    public Number getMemorySize() {
        return memorySize;
    }

    /**
     * The function's timeout: whole seconds, at most 15 minutes and at most {@link #getSchedule()}.
     *
     * @return the timeout, never null
     * @default Duration.minutes(1)
     */
    public Duration getTimeout() {
        return timeout;
    }

    /**
     * The function's instruction set.
     *
     * @return the architecture, never null
     * @default Architecture.ARM_64
     */
    public Architecture getArchitecture() {
        return architecture;
    }

    /**
     * The function's managed runtime: a Java runtime, Java 17 or later.
     *
     * @return the runtime, never null
     * @default Runtime.JAVA_25
     */
    public Runtime getRuntime() {
        return runtime;
    }

    /**
     * How long the function's log group keeps log events.
     *
     * @return the retention, never null
     * @default RetentionDays.ONE_MONTH
     */
    public RetentionDays getLogRetention() {
        return logRetention;
    }

    /**
     * The function's application log level (Lambda JSON logs); DEBUG makes the runtime log each step.
     *
     * @return the level, never null
     * @default ApplicationLogLevel.INFO
     */
    public ApplicationLogLevel getLogLevel() {
        return logLevel;
    }

    /**
     * The function's system log level (Lambda JSON logs). INFO keeps Lambda's {@code platform.report} lines
     * (duration, billed duration, memory used, init duration) that show how long and how large each run is; WARN
     * hides them.
     *
     * @return the level, never null
     * @default SystemLogLevel.INFO
     */
    public SystemLogLevel getSystemLogLevel() {
        return systemLogLevel;
    }

    /**
     * Whether the function reserves concurrency ({@link #getReservedConcurrentExecutions()}, 1 unless set).
     * Reserving 1 guarantees that runs never overlap and that other functions cannot starve the exporter, but it
     * takes capacity from the account's unreserved concurrency, which Lambda keeps at 10 or more. An account whose
     * concurrency quota is 10 (new accounts often are) cannot reserve any: the deployment fails with
     * "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below
     * its minimum value of [10]". Set false there (or until the quota is raised): the function then reserves
     * nothing and shares the account's pool. Runs may then overlap, e.g. a slow run and the next one; that is
     * harmless, because Mackerel keeps one value per metric name and time, and a value posted again overwrites it.
     *
     * @return true to reserve concurrency
     * @default true
     */
    public boolean getReserveConcurrency() {
        return reserveConcurrency;
    }

    /**
     * Reserved concurrency of the function. 1 means runs never overlap: a run that finds another still going waits
     * in Lambda's queue. Reserving takes capacity from the account's unreserved concurrency, which must stay at 10
     * or more: in an account whose concurrency quota is 10 the deployment fails with "...decreases account's
     * UnreservedConcurrentExecution below its minimum value of [10]"; see {@link #getReserveConcurrency()} to reserve
     * none. Must not be set together with {@code reserveConcurrency(false)}.
     *
     * @return the reserved concurrency, or null when {@link #getReserveConcurrency()} is false
     * @default 1 (none when {@code reserveConcurrency} is false)
     */
    public Number getReservedConcurrentExecutions() {
        return reservedConcurrentExecutions;
    }

    /**
     * Whether to enable Lambda SnapStart ({@code SnapStartConf.ON_PUBLISHED_VERSIONS}); the schedule then targets an
     * alias of the latest published version, so cold starts restore a snapshot instead of starting a JVM.
     *
     * @return true for SnapStart
     * @default false
     */
    public boolean getSnapStart() {
        return snapStart;
    }

    /**
     * Whether each successful run also posts the exporter's own series: {@code <prefix>.exporter.heartbeat} (1 at
     * the run's reference period), {@code <prefix>.exporter.posted} (values posted) and
     * {@code <prefix>.exporter.lag_seconds} (how far behind real time the newest posted period is). A Mackerel
     * monitor on a missing heartbeat then tells "the exporter stopped" apart from zeros meaning "no activity".
     *
     * @return true to post the heartbeat series
     * @default true
     */
    public boolean getHeartbeat() {
        return heartbeat;
    }

    /**
     * Whether the construct creates the Mackerel service (or adopts it when it exists) at deploy time, with a
     * custom resource. The API key then needs Write permission.
     *
     * @return whether the service is managed
     * @default true
     */
    public boolean getManageMackerelService() {
        return manageMackerelService;
    }

    /**
     * What happens to a Mackerel service the stack created when the stack (or the service's resource, on a rename)
     * is deleted: {@code RETAIN} keeps it with its metrics; {@code DESTROY} deletes it, and with it its metrics,
     * monitors and graph annotations. A service that existed before (adopted) is never deleted. Only {@code RETAIN}
     * and {@code DESTROY} are allowed.
     *
     * @return the removal policy
     * @default RemovalPolicy.RETAIN
     */
    public RemovalPolicy getMackerelServiceRemovalPolicy() {
        return mackerelServiceRemovalPolicy;
    }

    /**
     * Mackerel service-metric monitors, created, updated in place and deleted with the stack. An empty list creates
     * none.
     *
     * @return the monitors
     * @default - one monitor: {@code MackerelMonitor.exporterStopped} after 30 minutes without a heartbeat (or 3
     *          schedule intervals rounded up to 10 minutes, when longer); none when {@code heartbeat} is false
     */
    public List<MackerelMonitor> getMackerelMonitors() {
        return mackerelMonitors;
    }

    /**
     * Whether a Mackerel dashboard is created with a graph per activity, for the total and each client; deleted with
     * the stack.
     *
     * @return whether the dashboard is created
     * @default true
     */
    public boolean getMackerelDashboard() {
        return mackerelDashboard;
    }

    /**
     * How far back a scheduled run may catch up after an outage (of Mackerel, the network or the key): the run
     * covers from the end of the last window it delivered, less the lookback, up to now, but never periods older
     * than this. A whole multiple of {@link #getPeriod()}, at least {@link #getLookback()}, at most 23 hours 30
     * minutes (Mackerel keeps 24 hours; the rest is a margin for the run itself and for clock differences).
     *
     * @return the longest catch-up, never null
     * @default Duration.minutes(1410) (23 hours 30 minutes: as far as Mackerel keeps)
     */
    public Duration getMaxCatchUp() {
        return maxCatchUp;
    }

    /**
     * The exporter's settings as the configuration document holds them (keys of {@link ExporterSettings}); values
     * known only at deploy time are CDK tokens.
     *
     * @return key to value, in document order
     */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExporterSettings.USER_POOL_ID, userPool == null ? null : userPool.getUserPoolId());
        new TreeMap<>(clients).forEach((alias, client) ->
                settings.put(ExporterSettings.CLIENT_PREFIX + alias, client.getUserPoolClientId()));
        settings.put(ExporterSettings.SERVICE_NAME, mackerelServiceName);
        settings.put(ExporterSettings.API_KEY_PARAMETER, mackerelApiKeyParameter != null
                ? mackerelApiKeyParameter.getParameterName() : mackerelApiKeyParameterName);
        settings.put(ExporterSettings.BASE_URL, mackerelApiBaseUrl);
        settings.put(ExporterSettings.BATCH_SIZE, mackerelBatchSize == null
                ? String.valueOf(ExporterSettings.DEFAULT_BATCH_SIZE) : numberValue(mackerelBatchSize));
        settings.put(ExporterSettings.PREFIX, metricNamePrefix);
        settings.put(ExporterSettings.ACTIVITIES, activities.stream().map(CognitoActivity::getValue)
                .collect(Collectors.joining(",")));
        settings.put(ExporterSettings.LEGACY_CLIENT, legacyMetricNamesClient);
        settings.put(ExporterSettings.PERIOD, secondsValue(period));
        settings.put(ExporterSettings.LOOKBACK, secondsValue(lookback));
        settings.put(ExporterSettings.ZERO_FILL, String.valueOf(zeroFill));
        settings.put(ExporterSettings.HEARTBEAT, String.valueOf(heartbeat));
        settings.put(ExporterSettings.CATCH_UP_MAX_AGE, secondsValue(maxCatchUp));
        settings.values().removeIf(java.util.Objects::isNull);
        return settings;
    }

    /** A whole number as digits, a fraction as a decimal (which the rule refuses), a token as a token. */
    private static String numberValue(Number number) {
        if (Token.isUnresolved(number)) {
            return Tokenization.stringifyNumber(number);
        }
        double value = number.doubleValue();
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.valueOf(value);
    }

    /** Whole seconds as digits, a fraction of a second as a decimal (which the rules refuse), a token as a token. */
    private static String secondsValue(Duration duration) {
        if (duration.isUnresolved()) {
            return Tokenization.stringifyNumber(duration.toSeconds());
        }
        double seconds = Durations.millis(duration) / 1000.0;
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }

    /** The base URL as the runtime will use it (lower-case scheme, trailing slash); a bad one is reported later. */
    private static String normaliseBaseUrl(String url) {
        if (Token.isUnresolved(url)) {
            return url;
        }
        return ExporterSettings.baseUrl(url).map(java.net.URI::toString).orElse(url);
    }

    private void validate() {
        if (userPool == null) {
            throw new IllegalArgumentException("'userPool' is required: pass the IUserPool whose metrics to export "
                    + "(an imported pool works: UserPool.fromUserPoolId(scope, id, userPoolId))");
        }
        validateApiKeyProps();
        // Every exporter setting is checked by the rules the runtime applies when it loads the configuration.
        List<Problem> problems = ExporterSettings.check(settings(), Token::isUnresolved);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        validateTimes();
        validateFunction();
    }

    /** Which of the two key props is set: a construct matter, since the document holds only the name. */
    private void validateApiKeyProps() {
        if (mackerelApiKeyParameter == null && mackerelApiKeyParameterName == null) {
            throw new IllegalArgumentException("one of 'mackerelApiKeyParameter' and 'mackerelApiKeyParameterName' is "
                    + "required: the existing SSM SecureString parameter that holds the Mackerel API key");
        }
        if (mackerelApiKeyParameter != null && mackerelApiKeyParameterName != null) {
            throw new IllegalArgumentException("set only one of 'mackerelApiKeyParameter' and "
                    + "'mackerelApiKeyParameterName', not both");
        }
        if (mackerelApiKeyParameterName != null && Token.isUnresolved(mackerelApiKeyParameterName)) {
            throw new IllegalArgumentException("'mackerelApiKeyParameterName' is a token, so its ARN cannot be "
                    + "derived at synth; pass 'mackerelApiKeyParameter' instead, e.g. "
                    + "StringParameter.fromSecureStringParameterAttributes(scope, id, "
                    + "SecureStringParameterAttributes.builder().parameterName(name).simpleName(false).build())");
        }
    }

    private void validateTimes() {
        boolean lookbackKnown = !lookback.isUnresolved();
        boolean scheduleKnown = !schedule.isUnresolved();
        if (scheduleKnown) {
            if (!Durations.isWholeMultipleOf(schedule, Duration.minutes(1)) || Durations.millis(schedule) < 60_000) {
                throw new IllegalArgumentException("'schedule' must be a whole number of minutes, at least 1 minute; "
                        + "got " + Durations.describe(schedule));
            }
            if (lookbackKnown && Durations.millis(schedule) > Durations.millis(lookback)) {
                throw new IllegalArgumentException("'schedule' (" + Durations.describe(schedule) + ") must not be "
                        + "longer than 'lookback' (" + Durations.describe(lookback) + "), or the periods between two "
                        + "runs are never exported; shorten 'schedule' or lengthen 'lookback'");
            }
        }
        if (!timeout.isUnresolved()) {
            double ms = Durations.millis(timeout);
            if (!Durations.isWholeMultipleOf(timeout, Duration.seconds(1)) || ms < 1_000 || ms > 900_000) {
                throw new IllegalArgumentException("'timeout' must be a whole number of seconds from 1 second to 15 "
                        + "minutes; got " + Durations.describe(timeout));
            }
            if (scheduleKnown && ms > Durations.millis(schedule)) {
                throw new IllegalArgumentException("'timeout' (" + Durations.describe(timeout) + ") must not be longer "
                        + "than 'schedule' (" + Durations.describe(schedule) + "): a run must end before the next "
                        + "one is due, or runs pile up; shorten 'timeout' or lengthen 'schedule'");
            }
        }
    }

    private void validateFunction() {
        if (!Token.isUnresolved(memorySize)) {
            double mb = memorySize.doubleValue();
            if (mb != Math.rint(mb) || mb < 128 || mb > 10_240) {
                throw new IllegalArgumentException("'memorySize' must be a whole number of MB from 128 to 10240; got "
                        + memorySize);
            }
        }
        if (!reserveConcurrency && reservedConcurrentExecutions != null) {
            throw new IllegalArgumentException("'reservedConcurrentExecutions' must not be set when "
                    + "'reserveConcurrency' is false (which reserves none); got " + reservedConcurrentExecutions
                    + ": remove one of the two");
        }
        if (reservedConcurrentExecutions != null && !Token.isUnresolved(reservedConcurrentExecutions)) {
            double n = reservedConcurrentExecutions.doubleValue();
            if (n != Math.rint(n) || n < 1) {
                throw new IllegalArgumentException("'reservedConcurrentExecutions' must be a whole number, at least 1 "
                        + "(to stop the exporter, set 'enabled' to false); got " + reservedConcurrentExecutions);
            }
        }
        Matcher java = JAVA_RUNTIME.matcher(runtime.getName());
        if (runtime.getFamily() != RuntimeFamily.JAVA || !java.matches()
                || Integer.parseInt(java.group(1)) < MIN_JAVA_VERSION) {
            throw new IllegalArgumentException("'runtime' must be a Java managed runtime, Java " + MIN_JAVA_VERSION
                    + " or later (the handler is compiled for Java " + MIN_JAVA_VERSION + "), such as Runtime.JAVA_25 "
                    + "or Runtime.JAVA_21; got '" + runtime.getName() + "'");
        }
    }

    /** The Mackerel side's props: the removal policy, and monitors only on series the configuration posts. */
    private void validateMackerelSide() {
        if (mackerelServiceRemovalPolicy != RemovalPolicy.RETAIN
                && mackerelServiceRemovalPolicy != RemovalPolicy.DESTROY) {
            throw new IllegalArgumentException("'mackerelServiceRemovalPolicy' must be RETAIN or DESTROY, got "
                    + mackerelServiceRemovalPolicy + ": Mackerel has no snapshot of a service");
        }
        for (int i = 0; i < mackerelMonitors.size(); i++) {
            if (mackerelMonitors.get(i) == null) {
                throw new IllegalArgumentException("'mackerelMonitors[" + i + "]' is null: remove it");
            }
        }
        MackerelSide.validateMonitors(mackerelMonitors, metricNamePrefix, activities, List.copyOf(clients.keySet()),
                heartbeat);
    }

    /** Builds {@link CognitoMackerelMetricsProps}; every setter accepts null, meaning the default. */
    public static final class Builder {
        private IUserPool userPool;
        private Map<String, IUserPoolClient> clients;
        private String mackerelServiceName;
        private IStringParameter mackerelApiKeyParameter;
        private String mackerelApiKeyParameterName;
        private IKey mackerelApiKeyEncryptionKey;
        private String mackerelApiBaseUrl;
        private Number mackerelBatchSize;
        private String metricNamePrefix;
        private List<CognitoActivity> activities;
        private String legacyMetricNamesClient;
        private Duration period;
        private Duration lookback;
        private Boolean zeroFill;
        private Duration schedule;
        private Boolean enabled;
        private Number memorySize;
        private Duration timeout;
        private Architecture architecture;
        private Runtime runtime;
        private RetentionDays logRetention;
        private ApplicationLogLevel logLevel;
        private SystemLogLevel systemLogLevel;
        private Boolean reserveConcurrency;
        private Number reservedConcurrentExecutions;
        private Boolean snapStart;
        private Boolean manageMackerelService;
        private RemovalPolicy mackerelServiceRemovalPolicy;
        private List<MackerelMonitor> mackerelMonitors;
        private Boolean mackerelDashboard;
        private Boolean heartbeat;
        private Duration maxCatchUp;

        private Builder() {
        }

        /**
         * @param userPool see {@link CognitoMackerelMetricsProps#getUserPool()}
         * @return this
         */
        public Builder userPool(IUserPool userPool) {
            this.userPool = userPool;
            return this;
        }

        /**
         * @param clients see {@link CognitoMackerelMetricsProps#getClients()}
         * @return this
         */
        public Builder clients(Map<String, ? extends IUserPoolClient> clients) {
            if (clients == null) {
                this.clients = null;
                return this;
            }
            Map<String, IUserPoolClient> copy = new LinkedHashMap<>();
            clients.forEach((alias, client) -> {
                if (alias == null || client == null) {
                    throw new IllegalArgumentException("'clients' must not contain a null alias or client; got '"
                            + alias + "' -> " + client);
                }
                copy.put(alias, client);
            });
            this.clients = copy;
            return this;
        }

        /**
         * @param mackerelServiceName see {@link CognitoMackerelMetricsProps#getMackerelServiceName()}
         * @return this
         */
        public Builder mackerelServiceName(String mackerelServiceName) {
            this.mackerelServiceName = mackerelServiceName;
            return this;
        }

        /**
         * @param mackerelApiKeyParameter see {@link CognitoMackerelMetricsProps#getMackerelApiKeyParameter()}
         * @return this
         */
        public Builder mackerelApiKeyParameter(IStringParameter mackerelApiKeyParameter) {
            this.mackerelApiKeyParameter = mackerelApiKeyParameter;
            return this;
        }

        /**
         * @param mackerelApiKeyParameterName see {@link CognitoMackerelMetricsProps#getMackerelApiKeyParameterName()}
         * @return this
         */
        public Builder mackerelApiKeyParameterName(String mackerelApiKeyParameterName) {
            this.mackerelApiKeyParameterName = mackerelApiKeyParameterName;
            return this;
        }

        /**
         * @param mackerelApiKeyEncryptionKey see {@link CognitoMackerelMetricsProps#getMackerelApiKeyEncryptionKey()}
         * @return this
         */
        public Builder mackerelApiKeyEncryptionKey(IKey mackerelApiKeyEncryptionKey) {
            this.mackerelApiKeyEncryptionKey = mackerelApiKeyEncryptionKey;
            return this;
        }

        /**
         * @param mackerelApiBaseUrl see {@link CognitoMackerelMetricsProps#getMackerelApiBaseUrl()}
         * @return this
         */
        public Builder mackerelApiBaseUrl(String mackerelApiBaseUrl) {
            this.mackerelApiBaseUrl = mackerelApiBaseUrl;
            return this;
        }

        /**
         * @param mackerelBatchSize see {@link CognitoMackerelMetricsProps#getMackerelBatchSize()}
         * @return this
         */
        public Builder mackerelBatchSize(Number mackerelBatchSize) {
            this.mackerelBatchSize = mackerelBatchSize;
            return this;
        }

        /**
         * @param metricNamePrefix see {@link CognitoMackerelMetricsProps#getMetricNamePrefix()}
         * @return this
         */
        public Builder metricNamePrefix(String metricNamePrefix) {
            this.metricNamePrefix = metricNamePrefix;
            return this;
        }

        /**
         * @param activities see {@link CognitoMackerelMetricsProps#getActivities()}
         * @return this
         */
        public Builder activities(List<CognitoActivity> activities) {
            if (activities == null) {
                this.activities = null;
                return this;
            }
            if (activities.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("'activities' must not contain null; got " + activities);
            }
            this.activities = new ArrayList<>(activities);
            return this;
        }

        /**
         * @param activities see {@link CognitoMackerelMetricsProps#getActivities()}
         * @return this
         */
        public Builder activities(CognitoActivity... activities) {
            return activities(activities == null ? null : Arrays.asList(activities));
        }

        /**
         * @param legacyMetricNamesClient see {@link CognitoMackerelMetricsProps#getLegacyMetricNamesClient()}
         * @return this
         */
        public Builder legacyMetricNamesClient(String legacyMetricNamesClient) {
            this.legacyMetricNamesClient = legacyMetricNamesClient;
            return this;
        }

        /**
         * @param period see {@link CognitoMackerelMetricsProps#getPeriod()}
         * @return this
         */
        public Builder period(Duration period) {
            this.period = period;
            return this;
        }

        /**
         * @param lookback see {@link CognitoMackerelMetricsProps#getLookback()}
         * @return this
         */
        public Builder lookback(Duration lookback) {
            this.lookback = lookback;
            return this;
        }

        /**
         * @param zeroFill see {@link CognitoMackerelMetricsProps#getZeroFill()}
         * @return this
         */
        public Builder zeroFill(Boolean zeroFill) {
            this.zeroFill = zeroFill;
            return this;
        }

        /**
         * @param schedule see {@link CognitoMackerelMetricsProps#getSchedule()}
         * @return this
         */
        public Builder schedule(Duration schedule) {
            this.schedule = schedule;
            return this;
        }

        /**
         * @param enabled see {@link CognitoMackerelMetricsProps#getEnabled()}
         * @return this
         */
        public Builder enabled(Boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * @param memorySize see {@link CognitoMackerelMetricsProps#getMemorySize()}
         * @return this
         */
        public Builder memorySize(Number memorySize) {
            this.memorySize = memorySize;
            return this;
        }

        /**
         * @param timeout see {@link CognitoMackerelMetricsProps#getTimeout()}
         * @return this
         */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * @param architecture see {@link CognitoMackerelMetricsProps#getArchitecture()}
         * @return this
         */
        public Builder architecture(Architecture architecture) {
            this.architecture = architecture;
            return this;
        }

        /**
         * @param runtime see {@link CognitoMackerelMetricsProps#getRuntime()}
         * @return this
         */
        public Builder runtime(Runtime runtime) {
            this.runtime = runtime;
            return this;
        }

        /**
         * @param logRetention see {@link CognitoMackerelMetricsProps#getLogRetention()}
         * @return this
         */
        public Builder logRetention(RetentionDays logRetention) {
            this.logRetention = logRetention;
            return this;
        }

        /**
         * @param logLevel see {@link CognitoMackerelMetricsProps#getLogLevel()}
         * @return this
         */
        public Builder logLevel(ApplicationLogLevel logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        /**
         * @param systemLogLevel see {@link CognitoMackerelMetricsProps#getSystemLogLevel()}
         * @return this
         */
        public Builder systemLogLevel(SystemLogLevel systemLogLevel) {
            this.systemLogLevel = systemLogLevel;
            return this;
        }

        /**
         * @param reserveConcurrency see {@link CognitoMackerelMetricsProps#getReserveConcurrency()}
         * @return this
         */
        public Builder reserveConcurrency(Boolean reserveConcurrency) {
            this.reserveConcurrency = reserveConcurrency;
            return this;
        }

        /**
         * @param reservedConcurrentExecutions see
         *        {@link CognitoMackerelMetricsProps#getReservedConcurrentExecutions()}
         * @return this
         */
        public Builder reservedConcurrentExecutions(Number reservedConcurrentExecutions) {
            this.reservedConcurrentExecutions = reservedConcurrentExecutions;
            return this;
        }

        /**
         * @param snapStart see {@link CognitoMackerelMetricsProps#getSnapStart()}
         * @return this
         */
        public Builder snapStart(Boolean snapStart) {
            this.snapStart = snapStart;
            return this;
        }

        /**
         * @param heartbeat see {@link CognitoMackerelMetricsProps#getHeartbeat()}
         * @return this
         */
        public Builder heartbeat(Boolean heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        /**
         * @param maxCatchUp see {@link CognitoMackerelMetricsProps#getMaxCatchUp()}
         * @return this
         */
        public Builder maxCatchUp(Duration maxCatchUp) {
            this.maxCatchUp = maxCatchUp;
            return this;
        }

        /**
         * @param manageMackerelService see {@link CognitoMackerelMetricsProps#getManageMackerelService()}
         * @return this
         */
        public Builder manageMackerelService(Boolean manageMackerelService) {
            this.manageMackerelService = manageMackerelService;
            return this;
        }

        /**
         * @param mackerelServiceRemovalPolicy see
         *        {@link CognitoMackerelMetricsProps#getMackerelServiceRemovalPolicy()}
         * @return this
         */
        public Builder mackerelServiceRemovalPolicy(RemovalPolicy mackerelServiceRemovalPolicy) {
            this.mackerelServiceRemovalPolicy = mackerelServiceRemovalPolicy;
            return this;
        }

        /**
         * @param mackerelMonitors see {@link CognitoMackerelMetricsProps#getMackerelMonitors()}
         * @return this
         */
        public Builder mackerelMonitors(List<MackerelMonitor> mackerelMonitors) {
            this.mackerelMonitors = mackerelMonitors;
            return this;
        }

        /**
         * @param mackerelDashboard see {@link CognitoMackerelMetricsProps#getMackerelDashboard()}
         * @return this
         */
        public Builder mackerelDashboard(Boolean mackerelDashboard) {
            this.mackerelDashboard = mackerelDashboard;
            return this;
        }

        /**
         * Validates the values and builds the properties.
         *
         * @return the properties
         * @throws IllegalArgumentException if a value is missing or not allowed; the message names the property,
         *         shows the value and says how to fix it
         */
        public CognitoMackerelMetricsProps build() {
            CognitoMackerelMetricsProps props = new CognitoMackerelMetricsProps(this);
            props.validate();
            props.validateMackerelSide();
            return props;
        }
    }
}
