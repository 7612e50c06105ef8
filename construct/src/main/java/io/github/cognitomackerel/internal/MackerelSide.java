package io.github.cognitomackerel.internal;

import io.github.cognitomackerel.CognitoActivity;
import io.github.cognitomackerel.CognitoMackerelMetricsProps;
import io.github.cognitomackerel.MackerelMonitor;
import io.github.cognitomackerel.settings.Catalog;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awscdk.AssetHashType;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.constructs.Construct;

/**
 * The Mackerel side of a {@code CognitoMackerelMetrics}: a Lambda function running the runtime jar's
 * {@code MackerelResourceHandler} (the same asset as the exporter) behind CloudFormation custom resources for the
 * service ({@code Service}), each monitor ({@code Monitor0}, {@code Monitor1}, ...) and the dashboard
 * ({@code Dashboard}). The function may read the API key parameter (and decrypt it through SSM with a customer key)
 * and write its log group; nothing else.
 */
public final class MackerelSide extends Construct {

    /** The custom-resource handler in the runtime jar. */
    public static final String HANDLER = "io.github.cognitomackerel.runtime.MackerelResourceHandler::handleRequest";
    /** The resource types the handler knows. */
    public static final String SERVICE_TYPE = "Custom::MackerelService";
    /** See {@link #SERVICE_TYPE}. */
    public static final String MONITOR_TYPE = "Custom::MackerelMonitor";
    /** See {@link #SERVICE_TYPE}. */
    public static final String DASHBOARD_TYPE = "Custom::MackerelDashboard";
    /** The function's timeout; the handler answers CloudFormation 10 s before it. */
    public static final Duration TIMEOUT = Duration.minutes(2);

    /** Everything the Mackerel side needs from the construct's props, resolved by the caller. */
    public record Settings(String serviceName, String apiKeyParameterName, String apiKeyParameterArn,
            IKey encryptionKey, String baseUrl, String metricNamePrefix, List<CognitoActivity> activities,
            List<String> clientAliases, boolean manageService, RemovalPolicy serviceRemovalPolicy,
            List<MackerelMonitor> monitors, boolean dashboard, CognitoMackerelMetricsProps props) {
    }

    private final Function function;
    private final CustomResource service;
    private final List<CustomResource> monitors = new ArrayList<>();
    private final CustomResource dashboard;

    /** Creates the function and the custom resources. */
    public MackerelSide(Construct scope, String id, Settings settings) {
        super(scope, id);
        validateMonitors(settings.monitors(), settings.metricNamePrefix(), settings.activities(),
                settings.clientAliases(), settings.props().getHeartbeat());

        LogGroup logGroup = LogGroup.Builder.create(this, "LogGroup")
                .retention(settings.props().getLogRetention())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Provisions the Mackerel service, monitors and dashboard of CognitoMackerelMetrics")
                .build();
        logGroup.grantWrite(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .sid("ReadMackerelApiKey")
                .actions(List.of("ssm:GetParameter"))
                .resources(List.of(settings.apiKeyParameterArn()))
                .build());
        if (settings.encryptionKey() != null) {
            Stack stack = Stack.of(this);
            Map<String, String> equals = new TreeMap<>();
            equals.put("kms:ViaService", "ssm." + stack.getRegion() + "." + stack.getUrlSuffix());
            equals.put("kms:EncryptionContext:PARAMETER_ARN", settings.apiKeyParameterArn());
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .sid("DecryptMackerelApiKey")
                    .actions(List.of("kms:Decrypt"))
                    .resources(List.of(settings.encryptionKey().getKeyArn()))
                    .conditions(Map.of("StringEquals", equals))
                    .build());
        }

        RuntimeJar jar = RuntimeJar.extract();
        this.function = Function.Builder.create(this, "Function")
                .description("Provisions the Mackerel service, monitors and dashboard (CognitoMackerelMetrics)")
                .runtime(settings.props().getRuntime())
                .architecture(settings.props().getArchitecture())
                .handler(HANDLER)
                .code(Code.fromAsset(jar.getPath().toString(), AssetOptions.builder()
                        .assetHash(jar.getSha256())
                        .assetHashType(AssetHashType.CUSTOM)
                        .build()))
                .memorySize(512)
                .timeout(TIMEOUT)
                .role(role)
                .logGroup(logGroup)
                .loggingFormat(LoggingFormat.JSON)
                .build();

        String serviceName = settings.serviceName();
        if (settings.manageService()) {
            Map<String, Object> properties = common(settings);
            properties.put("ServiceName", settings.serviceName());
            properties.put("Memo", "Amazon Cognito metrics, exported by CognitoMackerelMetrics");
            properties.put("DeleteServiceOnRemoval", settings.serviceRemovalPolicy() == RemovalPolicy.DESTROY);
            this.service = resource("Service", SERVICE_TYPE, properties);
            // Monitors and the dashboard read the name from the service resource, so they wait for it and follow a
            // rename (a replacement of the service resource) with an in-place update.
            serviceName = service.getAttString("ServiceName");
        } else {
            this.service = null;
        }

        for (int i = 0; i < settings.monitors().size(); i++) {
            MackerelMonitor monitor = settings.monitors().get(i);
            Map<String, Object> properties = common(settings);
            properties.put("ServiceName", serviceName);
            properties.put("Monitor", monitorProperties(monitor, settings));
            monitors.add(resource("Monitor" + i, MONITOR_TYPE, properties));
        }

        if (settings.dashboard()) {
            Map<String, Object> properties = common(settings);
            properties.put("ServiceName", serviceName);
            properties.put("Title", "Amazon Cognito: " + settings.serviceName());
            properties.put("UrlPath", "cognito-mackerel-" + getNode().getAddr().substring(2, 14));
            properties.put("Memo", "Made by CognitoMackerelMetrics " + getNode().getPath() + ": a deploy overwrites "
                    + "changes made here.");
            properties.put("Graphs", graphs(settings));
            this.dashboard = resource("Dashboard", DASHBOARD_TYPE, properties);
        } else {
            this.dashboard = null;
        }
    }

    /**
     * Rejects a monitor on a series the configuration does not post (the settings {@link Catalog} says which it
     * posts): an activity that is not exported, a client alias that is not in {@code clients} (nor {@code total}),
     * or the heartbeat when {@code heartbeat} is off.
     */
    public static void validateMonitors(List<MackerelMonitor> monitors, String prefix,
            List<CognitoActivity> activities, List<String> clientAliases, boolean heartbeat) {
        TreeSet<String> clients = new TreeSet<>(clientAliases);
        clients.add(Catalog.TOTAL);
        Set<String> posted = new HashSet<>(Catalog.metricNames(prefix, activities, clientAliases, false));
        if (heartbeat) {
            posted.add(Catalog.exporterMetricName(prefix, Catalog.ExporterMetric.HEARTBEAT));
        }
        for (int i = 0; i < monitors.size(); i++) {
            MackerelMonitor monitor = monitors.get(i);
            String where = "'mackerelMonitors[" + i + "]'";
            if (monitor.getActivity() == null && !heartbeat) {
                throw new IllegalArgumentException(where + " (MackerelMonitor.exporterStopped) watches "
                        + metricName(monitor, prefix) + ", which is not posted with 'heartbeat' false: set "
                        + "'heartbeat' to true or remove the monitor");
            }
            if (monitor.getActivity() != null && !activities.contains(monitor.getActivity())) {
                throw new IllegalArgumentException(where + " watches activity '" + monitor.getActivity().getValue()
                        + "', which 'activities' does not export (" + values(activities) + "): add it to "
                        + "'activities' or remove the monitor");
            }
            if (monitor.getActivity() != null && !clients.contains(monitor.getClient())) {
                throw new IllegalArgumentException(where + " watches client '" + monitor.getClient() + "', which is "
                        + "not a key of 'clients' nor 'total' (series exist for " + clients + "): use one of them");
            }
            if (!Token.isUnresolved(prefix) && !posted.contains(metricName(monitor, prefix))) {
                throw new IllegalArgumentException(where + " watches " + metricName(monitor, prefix) + ", which "
                        + "this configuration does not post: watch one of the series in the README's 'Metrics in "
                        + "Mackerel'");
            }
        }
    }

    private static String values(List<CognitoActivity> activities) {
        List<String> values = new ArrayList<>();
        activities.forEach(a -> values.add(a.getValue()));
        return String.join(", ", values);
    }

    /** The Mackerel metric a monitor watches, named by the settings {@link Catalog}. */
    public static String metricName(MackerelMonitor monitor, String prefix) {
        if (monitor.getActivity() == null) {
            return Catalog.exporterMetricName(prefix, Catalog.ExporterMetric.HEARTBEAT);
        }
        return Catalog.metricName(prefix, monitor.getActivity(), monitor.getClient(), monitor.getMeasure());
    }

    private static Map<String, Object> monitorProperties(MackerelMonitor monitor, Settings settings) {
        String metric = metricName(monitor, settings.metricNamePrefix());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", monitor.getName() != null ? monitor.getName() : defaultName(monitor, settings, metric));
        body.put("metric", metric);
        body.put("operator", monitor.getOperator());
        body.put("duration", monitor.getPoints());
        body.put("maxCheckAttempts", monitor.getMaxCheckAttempts());
        if (monitor.getWarning() != null) {
            body.put("warning", monitor.getWarning());
        }
        if (monitor.getCritical() != null) {
            body.put("critical", monitor.getCritical());
        }
        if (monitor.getMissingMinutes() != null) {
            body.put("missingDurationCritical", monitor.getMissingMinutes());
        }
        if (monitor.getNotificationIntervalMinutes() != null) {
            body.put("notificationInterval", monitor.getNotificationIntervalMinutes());
        }
        body.put("memo", monitor.getMemo() != null ? monitor.getMemo() : defaultMemo(monitor));
        return body;
    }

    private static String defaultName(MackerelMonitor monitor, Settings settings, String metric) {
        if (monitor.getActivity() == null) {
            return settings.serviceName() + ": Cognito exporter stopped";
        }
        Number threshold = monitor.getCritical() != null ? monitor.getCritical() : monitor.getWarning();
        return settings.serviceName() + ": " + metric + " " + monitor.getOperator() + " " + threshold;
    }

    private static String defaultMemo(MackerelMonitor monitor) {
        if (monitor.getActivity() == null) {
            return "No run of the Cognito exporter has reached Mackerel for " + monitor.getMissingMinutes()
                    + " minutes: see the exporter function's log group and its ErrorsAlarm.";
        }
        return "Made by CognitoMackerelMetrics; change it in the construct's 'mackerelMonitors', not here.";
    }

    private static List<Object> graphs(Settings settings) {
        List<String> clients = new ArrayList<>();
        clients.add(Catalog.TOTAL);
        clients.addAll(new TreeSet<>(settings.clientAliases()));
        List<Object> graphs = new ArrayList<>();
        for (CognitoActivity activity : settings.activities()) {
            for (String client : clients) {
                Map<String, Object> graph = new LinkedHashMap<>();
                graph.put("Title", activity.getValue() + ": " + client);
                graph.put("Name", settings.metricNamePrefix() + "." + activity.getValue() + "." + client);
                graphs.add(graph);
            }
        }
        return graphs;
    }

    private static Map<String, Object> common(Settings settings) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ApiKeyParameter", settings.apiKeyParameterName());
        properties.put("MackerelApiBaseUrl", settings.baseUrl());
        return properties;
    }

    private CustomResource resource(String id, String type, Map<String, Object> properties) {
        CustomResource resource = CustomResource.Builder.create(this, id)
                .serviceToken(function.getFunctionArn())
                .resourceType(type)
                .properties(properties)
                .build();
        // The function's role and its policies exist before the first event.
        resource.getNode().addDependency(function);
        return resource;
    }

    /** The custom-resource function. */
    public Function getFunction() {
        return function;
    }

    /** The service resource, or {@code null} when the service is not managed. */
    public CustomResource getService() {
        return service;
    }

    /** The monitor resources, in {@code mackerelMonitors} order. */
    public List<CustomResource> getMonitors() {
        return List.copyOf(monitors);
    }

    /** The dashboard resource, or {@code null} when it is off. */
    public CustomResource getDashboard() {
        return dashboard;
    }
}
