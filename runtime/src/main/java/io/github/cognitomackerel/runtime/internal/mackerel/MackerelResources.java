package io.github.cognitomackerel.runtime.internal.mackerel;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What each custom-resource type does in Mackerel on Create, Update and Delete. Three types, one Mackerel object each,
 * so that CloudFormation keeps every id as the resource's physical id and orders the calls by the template's
 * dependencies:
 * <ul>
 *   <li>{@value #SERVICE}: physical id {@code service:<name>:created} or {@code service:<name>:adopted}. Create adopts
 *       an existing service; Delete removes a service only when it was created here and
 *       {@code DeleteServiceOnRemoval} is {@code true}. A new {@code ServiceName} is a replacement (new physical id;
 *       CloudFormation then sends Delete for the old one).</li>
 *   <li>{@value #MONITOR}: physical id = Mackerel's monitor id; Update is a {@code PUT} in place (a monitor deleted in
 *       Mackerel meanwhile is created again).</li>
 *   <li>{@value #DASHBOARD}: physical id = Mackerel's dashboard id; Update in place likewise.</li>
 * </ul>
 * A Create that fails answers with a physical id starting {@value #NOT_CREATED}, which the Delete of the rollback
 * recognises; a Delete of an object already gone succeeds.
 */
public final class MackerelResources {

    /** The custom-resource type of the Mackerel service. */
    public static final String SERVICE = "Custom::MackerelService";
    /** The custom-resource type of a service-metric monitor. */
    public static final String MONITOR = "Custom::MackerelMonitor";
    /** The custom-resource type of the dashboard. */
    public static final String DASHBOARD = "Custom::MackerelDashboard";
    /** Physical-id prefix of a resource whose Create failed: there is nothing to delete. */
    public static final String NOT_CREATED = "not-created:";

    /** Graph widgets' size on the 24-column dashboard grid: two per row. */
    static final int GRAPH_WIDTH = 12;
    static final int GRAPH_HEIGHT = 8;

    private static final Set<String> MONITOR_NUMBERS = Set.of("duration", "warning", "critical", "maxCheckAttempts",
            "missingDurationWarning", "missingDurationCritical", "notificationInterval");
    private static final Set<String> MONITOR_STRINGS = Set.of("name", "metric", "operator", "memo");
    private static final Set<String> MONITOR_BOOLEANS = Set.of("isMute");

    private MackerelResources() {
    }

    /** The answer to CloudFormation on success. */
    public record Outcome(String physicalResourceId, Map<String, String> data) {
    }

    /** Does what the event asks in Mackerel. */
    public static Outcome apply(CustomResourceEvent event, MackerelApi api) {
        switch (event.resourceType()) {
            case SERVICE:
                return service(event, api);
            case MONITOR:
                return monitor(event, api);
            case DASHBOARD:
                return dashboard(event, api);
            default:
                throw new IllegalArgumentException("unknown resource type " + event.resourceType() + ": this "
                        + "function manages " + SERVICE + ", " + MONITOR + " and " + DASHBOARD);
        }
    }

    /** Whether a Delete needs no call at all (nothing was created), so it needs neither the key nor Mackerel. */
    public static boolean nothingToDelete(CustomResourceEvent event) {
        if (!event.is(CustomResourceEvent.DELETE)) {
            return false;
        }
        String id = event.physicalResourceId();
        if (id.startsWith(NOT_CREATED)) {
            return true;
        }
        if (SERVICE.equals(event.resourceType())) {
            return !id.endsWith(":created") || !event.properties().bool("DeleteServiceOnRemoval", false);
        }
        return false;
    }

    private static Outcome service(CustomResourceEvent event, MackerelApi api) {
        String name = event.properties().string("ServiceName");
        if (event.is(CustomResourceEvent.DELETE)) {
            if (!nothingToDelete(event)) {
                api.deleteService(serviceName(event.physicalResourceId()));
            }
            return new Outcome(event.physicalResourceId(), Map.of());
        }
        if (event.is(CustomResourceEvent.UPDATE) && name.equals(serviceName(event.physicalResourceId()))) {
            // Same service: the memo and the removal policy need no call (Mackerel has no service update API).
            return serviceOutcome(event.physicalResourceId());
        }
        // Create, or a new name: a replacement. CloudFormation sends Delete for the old id afterwards.
        boolean exists = api.findService(name).isPresent();
        if (!exists) {
            api.createService(name, event.properties().string("Memo", ""));
        }
        return serviceOutcome("service:" + name + (exists ? ":adopted" : ":created"));
    }

    private static Outcome serviceOutcome(String physicalId) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ServiceName", serviceName(physicalId));
        data.put("Adopted", String.valueOf(physicalId.endsWith(":adopted")));
        return new Outcome(physicalId, data);
    }

    /** The service name in a physical id {@code service:<name>:created|adopted}. */
    static String serviceName(String physicalId) {
        if (physicalId == null || !physicalId.startsWith("service:") || physicalId.lastIndexOf(':') <= 8) {
            return "";
        }
        return physicalId.substring("service:".length(), physicalId.lastIndexOf(':'));
    }

    private static Outcome monitor(CustomResourceEvent event, MackerelApi api) {
        if (event.is(CustomResourceEvent.DELETE)) {
            if (!nothingToDelete(event)) {
                api.deleteMonitor(event.physicalResourceId());
            }
            return new Outcome(event.physicalResourceId(), Map.of());
        }
        Map<String, Object> body = monitorBody(event.properties());
        String id;
        if (event.is(CustomResourceEvent.UPDATE) && !event.physicalResourceId().startsWith(NOT_CREATED)
                && api.updateMonitor(event.physicalResourceId(), body)) {
            id = event.physicalResourceId();
        } else {
            id = api.createMonitor(body);
        }
        return new Outcome(id, Map.of("MonitorId", id));
    }

    /** The body of {@code POST/PUT /api/v0/monitors} for a service-metric monitor. */
    static Map<String, Object> monitorBody(CustomResourceEvent.Props properties) {
        CustomResourceEvent.Props monitor = properties.object("Monitor");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "service");
        body.put("service", properties.string("ServiceName"));
        for (Map.Entry<?, ?> entry : monitor.values().entrySet()) {
            String key = String.valueOf(entry.getKey());
            if (entry.getValue() == null) {
                continue;
            }
            if (MONITOR_STRINGS.contains(key)) {
                body.put(key, monitor.string(key));
            } else if (MONITOR_NUMBERS.contains(key)) {
                body.put(key, number(monitor.string(key), "Monitor." + key));
            } else if (MONITOR_BOOLEANS.contains(key)) {
                body.put(key, monitor.bool(key, false));
            } else {
                throw new IllegalArgumentException("Monitor." + key + " is not a setting of a service-metric monitor");
            }
        }
        return body;
    }

    private static Outcome dashboard(CustomResourceEvent event, MackerelApi api) {
        if (event.is(CustomResourceEvent.DELETE)) {
            if (!nothingToDelete(event)) {
                api.deleteDashboard(event.physicalResourceId());
            }
            return new Outcome(event.physicalResourceId(), Map.of());
        }
        Map<String, Object> body = dashboardBody(event.properties());
        String id;
        if (event.is(CustomResourceEvent.UPDATE) && !event.physicalResourceId().startsWith(NOT_CREATED)
                && api.updateDashboard(event.physicalResourceId(), body)) {
            id = event.physicalResourceId();
        } else {
            id = api.createDashboard(body);
        }
        return new Outcome(id, Map.of("DashboardId", id));
    }

    /** The body of {@code POST/PUT /api/v0/dashboards}: one service graph widget per graph, two per row. */
    static Map<String, Object> dashboardBody(CustomResourceEvent.Props properties) {
        String service = properties.string("ServiceName");
        List<Object> widgets = new ArrayList<>();
        List<CustomResourceEvent.Props> graphs = properties.objects("Graphs");
        for (int i = 0; i < graphs.size(); i++) {
            CustomResourceEvent.Props graph = graphs.get(i);
            Map<String, Object> serviceGraph = new LinkedHashMap<>();
            serviceGraph.put("type", "service");
            serviceGraph.put("serviceName", service);
            serviceGraph.put("name", graph.string("Name"));
            Map<String, Object> layout = new LinkedHashMap<>();
            layout.put("x", (i % 2) * GRAPH_WIDTH);
            layout.put("y", (i / 2) * GRAPH_HEIGHT);
            layout.put("width", GRAPH_WIDTH);
            layout.put("height", GRAPH_HEIGHT);
            Map<String, Object> widget = new LinkedHashMap<>();
            widget.put("type", "graph");
            widget.put("title", graph.string("Title"));
            widget.put("graph", serviceGraph);
            widget.put("layout", layout);
            widgets.add(widget);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", properties.string("Title"));
        body.put("memo", properties.string("Memo", ""));
        body.put("urlPath", properties.string("UrlPath"));
        body.put("widgets", widgets);
        return body;
    }

    private static BigDecimal number(String value, String where) {
        try {
            return new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + " must be a number, got '" + value + "'");
        }
    }

}
