package io.github.cognitomackerel.runtime.internal.mackerel;

import io.github.cognitomackerel.runtime.internal.Json;
import io.github.cognitomackerel.runtime.internal.config.ApiKey;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Mackerel's services, monitors and dashboards API ({@code /api/v0/services}, {@code /api/v0/monitors},
 * {@code /api/v0/dashboards}), as the custom-resource handler uses it. Every call ends by the deadline; every failure
 * is a {@link MackerelApiException} whose message names the call, Mackerel's answer and the fix.
 */
public final class MackerelApi {

    private static final int MAX_DETAIL = 300;

    private final HttpTransport transport;
    private final URI baseUrl;
    private final ApiKey key;
    private final String keyParameter;
    private final Instant deadline;

    /**
     * An API client for one custom-resource event.
     *
     * @param keyParameter the SSM parameter the key came from, named in messages about the key
     */
    public MackerelApi(HttpTransport transport, URI baseUrl, ApiKey key, String keyParameter, Instant deadline) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.key = Objects.requireNonNull(key, "key");
        this.keyParameter = Objects.requireNonNull(keyParameter, "keyParameter");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
    }

    /** The service of that name ({@code GET /api/v0/services}), if it exists. */
    public Optional<Map<String, Object>> findService(String name) {
        Map<String, Object> body = object(call("GET", "api/v0/services", null, "list the services"),
                "list the services");
        Object services = body.get("services");
        if (services instanceof List) {
            for (Object service : (List<?>) services) {
                if (service instanceof Map && name.equals(((Map<?, ?>) service).get("name"))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> found = (Map<String, Object>) service;
                    return Optional.of(found);
                }
            }
        }
        return Optional.empty();
    }

    /** Creates a service ({@code POST /api/v0/services}). */
    public void createService(String name, String memo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("memo", memo);
        call("POST", "api/v0/services", body, "create the service '" + name + "'");
    }

    /** Deletes a service with its metrics and monitors; {@code false} when it did not exist. */
    public boolean deleteService(String name) {
        return callUnlessGone("DELETE", "api/v0/services/" + segment(name), "delete the service '" + name + "'");
    }

    /** Creates a monitor ({@code POST /api/v0/monitors}) and returns its id. */
    public String createMonitor(Map<String, Object> monitor) {
        return id(call("POST", "api/v0/monitors", monitor, what(monitor, "create")), what(monitor, "create"));
    }

    /** Replaces a monitor's settings ({@code PUT}); {@code false} when no monitor has that id. */
    public boolean updateMonitor(String id, Map<String, Object> monitor) {
        return callUnlessGone("PUT", "api/v0/monitors/" + segment(id), monitor, what(monitor, "update"));
    }

    /** Deletes a monitor; {@code false} when no monitor has that id. */
    public boolean deleteMonitor(String id) {
        return callUnlessGone("DELETE", "api/v0/monitors/" + segment(id), "delete the monitor " + id);
    }

    /** Creates a dashboard ({@code POST /api/v0/dashboards}) and returns its id. */
    public String createDashboard(Map<String, Object> dashboard) {
        String what = "create the dashboard '" + dashboard.get("title") + "'";
        return id(call("POST", "api/v0/dashboards", dashboard, what), what);
    }

    /** Replaces a dashboard ({@code PUT}); {@code false} when no dashboard has that id. */
    public boolean updateDashboard(String id, Map<String, Object> dashboard) {
        return callUnlessGone("PUT", "api/v0/dashboards/" + segment(id), dashboard,
                "update the dashboard '" + dashboard.get("title") + "'");
    }

    /** Deletes a dashboard; {@code false} when no dashboard has that id. */
    public boolean deleteDashboard(String id) {
        return callUnlessGone("DELETE", "api/v0/dashboards/" + segment(id), "delete the dashboard " + id);
    }

    private static String what(Map<String, Object> monitor, String verb) {
        return verb + " the monitor '" + monitor.get("name") + "'";
    }

    private boolean callUnlessGone(String method, String path, String what) {
        return callUnlessGone(method, path, null, what);
    }

    private boolean callUnlessGone(String method, String path, Map<String, Object> body, String what) {
        try {
            call(method, path, body, what);
            return true;
        } catch (MackerelApiException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private Object call(String method, String path, Map<String, Object> body, String what) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Api-Key", key.reveal());
        headers.put("Accept", "application/json");
        headers.put("User-Agent", MackerelClient.USER_AGENT);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        HttpTransport.Response response;
        try {
            response = transport.send(new HttpTransport.Request(method, baseUrl.resolve(path), headers,
                    body == null ? null : Json.write(body)), deadline);
        } catch (HttpTransport.Timeout e) {
            throw new MackerelApiException(0, "Could not " + what + ": Mackerel at " + baseUrl + " did not answer in "
                    + "time (" + key.redact(String.valueOf(e.getMessage())) + "); deploy again, and if it persists "
                    + "check Mackerel's status and that the function can reach " + baseUrl, e);
        } catch (IOException e) {
            throw new MackerelApiException(0, "Could not " + what + ": Mackerel at " + baseUrl + " could not be "
                    + "reached (" + key.redact(String.valueOf(e.getMessage())) + "); check 'mackerelApiBaseUrl' and "
                    + "that the function can reach " + baseUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MackerelApiException(0, "Could not " + what + ": interrupted", e);
        }
        int status = response.status();
        if (status >= 200 && status < 300) {
            try {
                return response.body() == null || response.body().isBlank() ? Map.of() : Json.parse(response.body());
            } catch (Json.JsonException e) {
                throw new MackerelApiException(status, "Could not " + what + ": Mackerel answered " + status
                        + " with a body that is not JSON: " + detail(response.body()), e);
            }
        }
        throw new MackerelApiException(status, "Could not " + what + ": Mackerel answered " + status + " ("
                + detail(errorMessage(response.body())) + "); " + fix(status), null);
    }

    private String fix(int status) {
        switch (status) {
            case 401:
                return "the API key in SSM parameter " + keyParameter + " is not a valid Mackerel API key: put the "
                        + "key from Mackerel's organization settings (API keys) with aws ssm put-parameter --overwrite "
                        + "--type SecureString --name " + keyParameter + " --value <key>";
            case 403:
                return "the API key in SSM parameter " + keyParameter + " lacks the Write permission (or Mackerel's "
                        + "IP restriction refuses the function's address): give the key Write permission in "
                        + "Mackerel's organization settings (API keys), or put a key that has it in " + keyParameter;
            case 400:
                return "Mackerel refused a setting: change it in the construct's props (see the message) and "
                        + "deploy again";
            case 409:
                return "another dashboard already uses this URL path: delete or rename it in Mackerel, or set "
                        + "another 'mackerelDashboardUrlPath'";
            case 429:
                return "Mackerel is rate-limiting this organization: deploy again in a minute";
            default:
                return status >= 500 ? "Mackerel failed; deploy again later" : "see Mackerel's message";
        }
    }

    private String errorMessage(String body) {
        if (body == null || body.isBlank()) {
            return "no message";
        }
        try {
            Object parsed = Json.parse(body);
            if (parsed instanceof Map) {
                Object error = ((Map<?, ?>) parsed).get("error");
                if (error instanceof Map && ((Map<?, ?>) error).get("message") instanceof String) {
                    return (String) ((Map<?, ?>) error).get("message");
                }
                if (error instanceof String) {
                    return (String) error;
                }
            }
        } catch (Json.JsonException e) {
            // shown raw below
        }
        return body;
    }

    private String detail(String text) {
        String redacted = key.redact(text == null ? "" : text).replaceAll("\\s+", " ").strip();
        return redacted.length() <= MAX_DETAIL ? redacted : redacted.substring(0, MAX_DETAIL) + "...";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String what) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw new MackerelApiException(200, "Could not " + what + ": Mackerel's answer is not a JSON object", null);
    }

    private static String id(Object value, String what) {
        Object id = object(value, what).get("id");
        if (!(id instanceof String) || ((String) id).isEmpty()) {
            throw new MackerelApiException(200, "Could not " + what + ": Mackerel's answer has no id", null);
        }
        return (String) id;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
