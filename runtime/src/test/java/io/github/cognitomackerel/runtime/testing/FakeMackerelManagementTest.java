package io.github.cognitomackerel.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link FakeMackerel}'s services, monitors and dashboards API with raw HTTP, to show it refuses what
 * Mackerel's API documents as refused, keeps state, and tells a client bug (a violation) from Mackerel's answer to a
 * bad value (not a violation).
 */
class FakeMackerelManagementTest {

    private static final String KEY = "fake-mackerel-management-key-0123";
    private static final String READ_ONLY = "fake-mackerel-read-only-key-4567";
    private static final String MONITOR = "{\"type\":\"service\",\"name\":\"n\",\"service\":\"web\",\"metric\":\"m\","
            + "\"operator\":\">\",\"duration\":%s,\"warning\":1,\"critical\":2.5%s}";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private FakeMackerel fake;

    @BeforeEach
    void start() {
        fake = FakeMackerel.start(KEY, "web");
        fake.setReadOnlyKey(READ_ONLY);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void servicesAreListedCreatedOnceAndDeletedWithTheirMonitors() throws Exception {
        assertEquals(200, send("POST", "/api/v0/services", KEY, "{\"name\":\"auth\",\"memo\":\"m\"}").statusCode());
        assertEquals(400, send("POST", "/api/v0/services", KEY, "{\"name\":\"auth\"}").statusCode(), "exists");
        assertEquals(400, send("POST", "/api/v0/services", KEY, "{\"name\":\"-auth\"}").statusCode(), "bad name");
        assertEquals(400, send("POST", "/api/v0/services", KEY, "{\"name\":\"a\"}").statusCode(), "too short");
        assertTrue(send("GET", "/api/v0/services", READ_ONLY, null).body().contains("\"name\":\"auth\""));
        send("POST", "/api/v0/monitors", KEY, String.format(MONITOR, 1, "").replace("\"web\"", "\"auth\""));
        assertEquals(1, fake.monitors().size());

        assertEquals(200, send("DELETE", "/api/v0/services/auth", KEY, null).statusCode());
        assertEquals(404, send("DELETE", "/api/v0/services/auth", KEY, null).statusCode());
        assertEquals(0, fake.monitors().size(), "deleting a service deletes its monitors");
        assertEquals(List.of("web"), fake.serviceNames());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void monitorsAreValidatedAsMackerelDocumentsThem() throws Exception {
        assertEquals(400, send("POST", "/api/v0/monitors", KEY, String.format(MONITOR, 11, "")).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY, String.format(MONITOR, 0, "")).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, ",\"maxCheckAttempts\":11")).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, ",\"missingDurationCritical\":15")).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, ",\"missingDurationCritical\":10090")).statusCode(), "over a week");
        assertEquals(400, send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, ",\"notificationInterval\":5")).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, "").replace("\"web\"", "\"nope\"")).statusCode(), "unknown service");
        assertEquals(List.of(), fake.violations(), "Mackerel's refusals of bad values are not client bugs");

        HttpResponse<String> created = send("POST", "/api/v0/monitors", KEY,
                String.format(MONITOR, 1, ",\"missingDurationCritical\":30"));
        assertEquals(200, created.statusCode());
        String id = fake.monitors().keySet().iterator().next();
        assertTrue(created.body().contains("\"id\":\"" + id + "\""), created.body());
        assertEquals(200, send("PUT", "/api/v0/monitors/" + id, KEY, String.format(MONITOR, 5, "")).statusCode());
        assertEquals(5L, fake.monitors().get(id).get("duration"));
        assertEquals(404, send("PUT", "/api/v0/monitors/nope", KEY, String.format(MONITOR, 5, "")).statusCode());
        assertEquals(403, send("DELETE", "/api/v0/monitors/" + id, READ_ONLY, null).statusCode(), "read-only key");
        assertEquals(200, send("DELETE", "/api/v0/monitors/" + id, KEY, null).statusCode());
        assertEquals(404, send("DELETE", "/api/v0/monitors/" + id, KEY, null).statusCode());
        assertEquals(List.of(), fake.violations());
    }

    @Test
    void clientBugsAreViolations() throws Exception {
        assertEquals(401, send("GET", "/api/v0/monitors", null, null).statusCode());
        assertEquals(400, send("POST", "/api/v0/monitors", KEY, String.format(MONITOR, 1, ",\"scopes\":[]"))
                .statusCode());
        HttpResponse<String> textBody = http.send(HttpRequest.newBuilder(uri("/api/v0/services"))
                .header("X-Api-Key", KEY).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x1\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, textBody.statusCode());
        assertEquals(3, fake.violations().size(), fake.violations().toString());
    }

    @Test
    void dashboardsNeedAValidUniqueUrlPathAndWidgetsInsideTheGrid() throws Exception {
        String widget = "{\"type\":\"graph\",\"title\":\"t\",\"graph\":{\"type\":\"service\",\"serviceName\":\"web\","
                + "\"name\":\"cognito.sign_in.total\"},\"layout\":{\"x\":%d,\"y\":0,\"width\":%d,\"height\":8}}";
        String dashboard = "{\"title\":\"d\",\"memo\":\"\",\"urlPath\":\"%s\",\"widgets\":[%s]}";
        assertEquals(200, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "a/b",
                String.format(widget, 0, 12) + "," + String.format(widget, 12, 12))).statusCode());
        assertEquals(409, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "a/b", ""))
                .statusCode(), "URL path taken");
        assertEquals(400, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "/a", ""))
                .statusCode(), "bad URL path");
        assertEquals(400, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "c",
                String.format(widget, 0, 12) + "," + String.format(widget, 6, 12))).statusCode(), "overlap");
        assertEquals(400, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "c",
                String.format(widget, 18, 12))).statusCode(), "protrudes");
        assertEquals(400, send("POST", "/api/v0/dashboards", KEY, String.format(dashboard, "c",
                String.format(widget, 0, 4))).statusCode(), "narrower than a graph may be");
        assertEquals(1, fake.dashboards().size());
        assertEquals(List.of(), fake.violations());
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return fake.endpoint().resolve(path.substring(1));
    }
}
