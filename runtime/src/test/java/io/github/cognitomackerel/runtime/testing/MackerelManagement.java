package io.github.cognitomackerel.runtime.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of {@link FakeMackerel} that emulates Mackerel's services, monitors and dashboards API, validating each
 * request as Mackerel's API documents (mackerelio/documents, api-docs entries services, monitors, dashboards):
 * <ul>
 *   <li>services: {@code GET/POST /api/v0/services}, {@code DELETE /api/v0/services/<name>} (which also deletes the
 *       service's metrics and monitors); names of 2-63 characters of {@code [A-Za-z0-9_-]} not starting with
 *       {@code -} or {@code _}, unique (400);</li>
 *   <li>monitors of type {@code service}: {@code POST /api/v0/monitors}, {@code GET/PUT/DELETE
 *       /api/v0/monitors/<id>}; {@code name} non-empty, {@code memo} at most 2048 characters, {@code service}
 *       registered, {@code metric}, {@code operator} {@code >} or {@code <}, {@code duration} 1-10,
 *       {@code maxCheckAttempts} 1-10, {@code missingDurationWarning/Critical} multiples of 10 up to a week,
 *       {@code notificationInterval} at least 10, numbers for thresholds, no unknown member (400); a PUT changing the
 *       type is 400; unknown ids 404;</li>
 *   <li>dashboards: {@code POST /api/v0/dashboards}, {@code GET/PUT/DELETE /api/v0/dashboards/<id>}; {@code title}
 *       non-empty, {@code urlPath} matching Mackerel's pattern and unique (409), graph widgets of a {@code service}
 *       (registered) or {@code expression} graph with a layout inside the 24-column grid, 6-24 wide and 6-32 high,
 *       not overlapping (400).</li>
 * </ul>
 * Writes with the read-only key answer 403. Mackerel's expected refusals (400 of a bad value, 404 of a missing id,
 * 403 of a read-only key) are not violations; a malformed request (bad JSON, content type, unknown member) is.
 */
final class MackerelManagement {

    static final Pattern SERVICE_NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$");
    static final Pattern URL_PATH = Pattern.compile("^([A-Za-z0-9_][-A-Za-z0-9_]*)(/[A-Za-z0-9_][-A-Za-z0-9_]*)*$");
    private static final Pattern MONITOR = Pattern.compile("^/api/v0/monitors(?:/([^/?]+))?$");
    private static final Pattern DASHBOARD = Pattern.compile("^/api/v0/dashboards(?:/([^/?]+))?$");
    private static final Pattern SERVICE = Pattern.compile("^/api/v0/services(?:/([^/?]+))?$");
    private static final Set<String> MONITOR_MEMBERS = Set.of("type", "name", "memo", "service", "duration", "metric",
            "operator", "warning", "critical", "maxCheckAttempts", "missingDurationWarning", "missingDurationCritical",
            "notificationInterval", "isMute");
    private static final int WEEK_MINUTES = 7 * 24 * 60;

    /** What the management API holds; guarded by the owning fake's lock. */
    final Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> monitors = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> dashboards = new LinkedHashMap<>();
    private int nextId = 1;

    /** Whether this fake answers the path (else the caller goes on). */
    static boolean handles(String path) {
        return MONITOR.matcher(path).matches() || DASHBOARD.matcher(path).matches()
                || SERVICE.matcher(path).matches();
    }

    /** The operation name recorded for a request, e.g. {@code monitors.PUT}. */
    static String operation(String method, String path) {
        String family = MONITOR.matcher(path).matches() ? "monitors"
                : DASHBOARD.matcher(path).matches() ? "dashboards" : "services";
        return family + "." + method;
    }

    /**
     * Answers one request whose key is already known to be valid; {@code writable} is false for the read-only key.
     * The caller holds the lock.
     */
    HttpFake.Response handle(HttpFake.Incoming in, Object body, boolean writable) {
        if (!in.method.equals("GET") && !writable) {
            throw new ServiceError(403, null, "Permission denied: this API key has no Write permission", false);
        }
        Matcher service = SERVICE.matcher(in.path);
        if (service.matches()) {
            return services(in, service.group(1), body);
        }
        Matcher monitor = MONITOR.matcher(in.path);
        if (monitor.matches()) {
            return monitors(in, monitor.group(1), body);
        }
        Matcher dashboard = DASHBOARD.matcher(in.path);
        dashboard.matches();
        return dashboards(in, dashboard.group(1), body);
    }

    /** Whether the method needs a JSON body. */
    static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT");
    }

    private HttpFake.Response services(HttpFake.Incoming in, String name, Object body) {
        if (name == null && in.method.equals("GET")) {
            return ok(Map.of("services", new ArrayList<>(services.values())));
        }
        if (name == null && in.method.equals("POST")) {
            Map<String, Object> input = Members.object(body, "body");
            Members.onlyKnown(input, "body", Set.of("name", "memo"), Set.of());
            String serviceName = Members.string(input, "name", "body", true);
            String memo = Members.string(input, "memo", "body", false);
            if (!SERVICE_NAME.matcher(serviceName).matches()) {
                throw refused("Invalid service name: " + serviceName);
            }
            if (services.containsKey(serviceName)) {
                throw refused("Service already exists: " + serviceName);
            }
            Map<String, Object> created = new LinkedHashMap<>();
            created.put("name", serviceName);
            created.put("memo", memo == null ? "" : memo);
            created.put("roles", List.of());
            services.put(serviceName, created);
            return ok(created);
        }
        if (name != null && in.method.equals("DELETE")) {
            Map<String, Object> removed = services.remove(name);
            if (removed == null) {
                throw notFound("Service not found.");
            }
            monitors.values().removeIf(m -> name.equals(m.get("service")));
            return ok(removed);
        }
        throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
    }

    private HttpFake.Response monitors(HttpFake.Incoming in, String id, Object body) {
        if (id == null && in.method.equals("GET")) {
            return ok(Map.of("monitors", new ArrayList<>(monitors.values())));
        }
        if (id == null && in.method.equals("POST")) {
            Map<String, Object> monitor = validMonitor(body);
            String newId = newId();
            monitor.put("id", newId);
            monitors.put(newId, monitor);
            return ok(monitor);
        }
        if (id == null) {
            throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
        }
        Map<String, Object> existing = monitors.get(id);
        if (existing == null) {
            throw notFound("Monitor not found.");
        }
        switch (in.method) {
            case "GET":
                return ok(Map.of("monitor", existing));
            case "PUT":
                Map<String, Object> monitor = validMonitor(body);
                if (!monitor.get("type").equals(existing.get("type"))) {
                    throw refused("the type of a monitor cannot be changed");
                }
                monitor.put("id", id);
                monitors.put(id, monitor);
                return ok(monitor);
            case "DELETE":
                return ok(monitors.remove(id));
            default:
                throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
        }
    }

    private Map<String, Object> validMonitor(Object body) {
        Map<String, Object> input = Members.object(body, "body");
        Members.onlyKnown(input, "body", MONITOR_MEMBERS, Set.of());
        if (!"service".equals(input.get("type"))) {
            throw ServiceError.invalid("the fake supports monitors of type service only, got "
                    + Members.describe(input.get("type")));
        }
        String name = Members.string(input, "name", "body", false);
        if (name == null || name.isBlank()) {
            throw refused("name is empty");
        }
        String memo = Members.string(input, "memo", "body", false);
        if (memo != null && memo.length() > 2048) {
            throw refused("memo exceeds 2048 characters");
        }
        String service = Members.string(input, "service", "body", true);
        if (!services.containsKey(service)) {
            throw refused("service not found: " + service);
        }
        if (Members.string(input, "metric", "body", true).isEmpty()) {
            throw refused("metric is empty");
        }
        String operator = Members.string(input, "operator", "body", true);
        if (!operator.equals(">") && !operator.equals("<")) {
            throw refused("operator must be > or <, got " + operator);
        }
        range(input, "duration", 1, 10, true);
        range(input, "maxCheckAttempts", 1, 10, false);
        for (String missing : List.of("missingDurationWarning", "missingDurationCritical")) {
            Long minutes = range(input, missing, 10, WEEK_MINUTES, false);
            if (minutes != null && minutes % 10 != 0) {
                throw refused(missing + " must be a multiple of 10 minutes, got " + minutes);
            }
        }
        range(input, "notificationInterval", 10, Integer.MAX_VALUE, false);
        for (String threshold : List.of("warning", "critical")) {
            Object value = input.get(threshold);
            if (value != null && !(value instanceof Number)) {
                throw refused(threshold + " must be a number, got " + Members.describe(value));
            }
        }
        Members.bool(input, "isMute", "body");
        return new LinkedHashMap<>(input);
    }

    private static Long range(Map<String, Object> input, String member, long min, long max, boolean required) {
        Object value = input.get(member);
        if (value == null) {
            if (required) {
                throw refused(member + " is required");
            }
            return null;
        }
        if (!(value instanceof Long || value instanceof BigInteger)) {
            throw refused(member + " must be an integer, got " + Members.describe(value));
        }
        long number = ((Number) value).longValue();
        if (number < min || number > max) {
            throw refused(member + " must be between " + min + " and " + max + ", got " + number);
        }
        return number;
    }

    private HttpFake.Response dashboards(HttpFake.Incoming in, String id, Object body) {
        if (id == null && in.method.equals("GET")) {
            return ok(Map.of("dashboards", new ArrayList<>(dashboards.values())));
        }
        if (id == null && in.method.equals("POST")) {
            Map<String, Object> dashboard = validDashboard(body, null);
            String newId = newId();
            dashboard.put("id", newId);
            dashboards.put(newId, dashboard);
            return ok(dashboard);
        }
        if (id == null) {
            throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
        }
        Map<String, Object> existing = dashboards.get(id);
        if (existing == null) {
            throw notFound("Dashboard not found.");
        }
        switch (in.method) {
            case "GET":
                return ok(existing);
            case "PUT":
                Map<String, Object> dashboard = validDashboard(body, id);
                dashboard.put("id", id);
                dashboards.put(id, dashboard);
                return ok(dashboard);
            case "DELETE":
                return ok(dashboards.remove(id));
            default:
                throw new ServiceError(405, null, "Method not allowed: " + in.method, true);
        }
    }

    private Map<String, Object> validDashboard(Object body, String id) {
        Map<String, Object> input = Members.object(body, "body");
        Members.onlyKnown(input, "body", Set.of("title", "memo", "urlPath", "widgets"), Set.of());
        String title = Members.string(input, "title", "body", true);
        if (title.isBlank()) {
            throw refused("title is empty");
        }
        Members.string(input, "memo", "body", false);
        String urlPath = Members.string(input, "urlPath", "body", true);
        if (!URL_PATH.matcher(urlPath).matches()) {
            throw refused("invalid urlPath: " + urlPath);
        }
        for (Map.Entry<String, Map<String, Object>> other : dashboards.entrySet()) {
            if (!other.getKey().equals(id) && urlPath.equals(other.getValue().get("urlPath"))) {
                throw new ServiceError(409, null, "urlPath already exists: " + urlPath, false);
            }
        }
        List<Object> widgets = Members.list(input, "widgets", "body", true);
        List<int[]> placed = new ArrayList<>();
        for (int i = 0; i < widgets.size(); i++) {
            String where = "widgets[" + i + "]";
            Map<String, Object> widget = Members.object(widgets.get(i), where);
            Members.onlyKnown(widget, where, Set.of("type", "title", "graph", "range", "referenceLines", "layout"),
                    Set.of("range", "referenceLines"));
            if (!"graph".equals(widget.get("type"))) {
                throw ServiceError.invalid("the fake supports graph widgets only, got "
                        + Members.describe(widget.get("type")));
            }
            Members.string(widget, "title", where, true);
            Map<String, Object> graph = Members.object(widget.get("graph"), where + ".graph");
            String graphType = Members.string(graph, "type", where + ".graph", true);
            if (graphType.equals("service")) {
                Members.onlyKnown(graph, where + ".graph", Set.of("type", "serviceName", "name"), Set.of());
                String serviceName = Members.string(graph, "serviceName", where + ".graph", true);
                if (!services.containsKey(serviceName)) {
                    throw refused(where + ".graph.serviceName: service not found: " + serviceName);
                }
                if (Members.string(graph, "name", where + ".graph", true).isEmpty()) {
                    throw refused(where + ".graph.name is empty");
                }
            } else if (graphType.equals("expression")) {
                Members.onlyKnown(graph, where + ".graph", Set.of("type", "expression"), Set.of());
                Members.string(graph, "expression", where + ".graph", true);
            } else {
                throw ServiceError.invalid("the fake supports service and expression graphs only, got " + graphType);
            }
            Map<String, Object> layout = Members.object(widget.get("layout"), where + ".layout");
            Members.onlyKnown(layout, where + ".layout", Set.of("x", "y", "width", "height"), Set.of());
            int x = Math.toIntExact(range(layout, "x", 0, 23, true));
            int y = Math.toIntExact(range(layout, "y", 0, Integer.MAX_VALUE, true));
            int width = Math.toIntExact(range(layout, "width", 6, 24, true));
            int height = Math.toIntExact(range(layout, "height", 6, 32, true));
            if (x + width > 24) {
                throw refused(where + ".layout protrudes from the 24-column grid");
            }
            for (int[] other : placed) {
                if (x < other[0] + other[2] && other[0] < x + width && y < other[1] + other[3]
                        && other[1] < y + height) {
                    throw refused(where + ".layout overlaps another widget");
                }
            }
            placed.add(new int[] {x, y, width, height});
        }
        return new LinkedHashMap<>(input);
    }

    private String newId() {
        // Mackerel's ids are 11 characters of [0-9A-Za-z]; these are too, and never reused.
        String digits = Integer.toString(nextId++, 36);
        return "fake" + "0".repeat(7 - digits.length()) + digits;
    }

    private static ServiceError refused(String message) {
        return new ServiceError(400, null, message, false);
    }

    private static ServiceError notFound(String message) {
        return new ServiceError(404, null, message, false);
    }

    private static HttpFake.Response ok(Object body) {
        return new HttpFake.Response(200, Map.of("Content-Type", "application/json"), Json.encode(body));
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
