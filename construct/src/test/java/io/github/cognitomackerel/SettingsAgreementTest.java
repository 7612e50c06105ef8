package io.github.cognitomackerel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.runtime.internal.config.ConfigException;
import io.github.cognitomackerel.runtime.internal.config.ConfigLoader;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.run.RunStats;
import io.github.cognitomackerel.runtime.testing.FakeSsm;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ExporterSettings;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cognito.IUserPoolClient;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The construct and the runtime agree on every setting: many generated configurations, valid and invalid (every rule
 * and its edges), are fed both to the construct (synth succeeds or fails) and, as the document the construct would
 * write, to the runtime's real loader over HTTP against the local SSM fake (load succeeds or fails). They must agree
 * on every case, and a refusal on either side must name the same settings.
 */
class SettingsAgreementTest {

    private static final String CONFIG_PARAMETER = "CFN-AgreementConfig-1A2B3C";
    private static final Pattern NAMED_SETTING = Pattern.compile("\\(settings? ([a-z.\\-_A-Z0-9]+)");

    private static FakeSsm ssm;
    private static SsmClient client;

    @BeforeAll
    static void startFake() {
        ssm = FakeSsm.start();
        client = SsmClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.AP_NORTHEAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDAGREEMENT", "s")))
                .endpointOverride(ssm.endpoint())
                .build();
    }

    @AfterAll
    static void stopFake() {
        client.close();
        ssm.close();
    }

    /** One value to try for a setting, as the document holds it. */
    private record Candidate(String key, String value) {
    }

    /** Valid values at the edges of each rule and invalid ones just past them, per setting. */
    private static List<Candidate> candidates() {
        List<Candidate> c = new ArrayList<>();
        for (String v : List.of("ap-northeast-1_AbCdEf123", "us-east-1_x", "no-underscore", "ap-northeast-1_"
                + "a".repeat(41), "ap-northeast-1_" + "a".repeat(40), "ap_north_1", "a b_c")) {
            c.add(new Candidate(ExporterSettings.USER_POOL_ID, v));
        }
        for (String alias : List.of("web", "w", "a".repeat(63), "a".repeat(64), "total", "admin", "Web", "_web",
                "9lives", "web-app", "admins")) {
            c.add(new Candidate(ExporterSettings.CLIENT_PREFIX + alias, "3n4b5urk1ft4fl3mg5e62d9ado"));
        }
        for (String id : List.of("x", "a+b_c", "a".repeat(128), "a".repeat(129), "bad id", "bad-id")) {
            c.add(new Candidate(ExporterSettings.CLIENT_PREFIX + "app", id));
        }
        for (String v : List.of("my-service", "ab", "a", "s".repeat(63), "s".repeat(64), "-svc", "_svc", "9svc",
                "my service", "svc.dot", "Svc_2")) {
            c.add(new Candidate(ExporterSettings.SERVICE_NAME, v));
        }
        for (String v : List.of("/mackerel/api-key", "mackerel-api-key", "a", "/a/b.c_d-e",
                "arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/api-key", "/a//b", "/a/b/", "a key",
                "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd", "abcdefghijklmnopqrstuvwxyz0123456789abcd",
                "/" + "a".repeat(2047), "/" + "a".repeat(2048))) {
            c.add(new Candidate(ExporterSettings.API_KEY_PARAMETER, v));
        }
        for (String v : List.of("https://api.mackerelio.com/", "https://api.mackerelio.com", "HTTPS://API.mackerelio.com/",
                "https://kcps.example.jp/mackerel", "http://127.0.0.1:8080/", "http://localhost:9/", "http://[::1]:80/",
                "http://api.mackerelio.com/", "HTTP://10.0.0.1/", "ftp://api.mackerelio.com/",
                "https://user:pw@api.mackerelio.com/", "https://api.mackerelio.com/?a=b", "https://api.mackerelio.com/#x",
                "api.mackerelio.com", "https://", "https://api.mackerelio.com:8443/")) {
            c.add(new Candidate(ExporterSettings.BASE_URL, v));
        }
        for (String v : List.of("1", "1000", "5000", "5001", "0", "2.5", "-1")) {
            c.add(new Candidate(ExporterSettings.BATCH_SIZE, v));
        }
        for (String v : List.of("cognito", "auth.cognito", "a_b.c1", "Cognito", "cognito.", ".cognito", "a..b",
                "co-gnito")) {
            c.add(new Candidate(ExporterSettings.PREFIX, v));
        }
        for (String v : List.of("sign_in", "sign_up,sign_in,token_refresh,federation", "federation,sign_up",
                "sign_in,sign_in", "")) {
            c.add(new Candidate(ExporterSettings.ACTIVITIES, v));
        }
        for (String v : List.of("total", "web", "nosuch")) {
            c.add(new Candidate(ExporterSettings.LEGACY_CLIENT, v));
        }
        for (String v : List.of("60", "300", "120", "0", "30.5")) {
            c.add(new Candidate(ExporterSettings.PERIOD, v));
        }
        for (String v : List.of("60", "300", "600", "900", "84600", "84660", "86400", "90000", "0", "720", "599.5")) {
            c.add(new Candidate(ExporterSettings.LOOKBACK, v));
        }
        for (String v : List.of("true", "false")) {
            c.add(new Candidate(ExporterSettings.ZERO_FILL, v));
            c.add(new Candidate(ExporterSettings.HEARTBEAT, v));
        }
        for (String v : List.of("900", "3600", "84600", "84900", "86400", "60", "61")) {
            c.add(new Candidate(ExporterSettings.CATCH_UP_MAX_AGE, v));
        }
        return c;
    }

    /** The smallest valid settings; a case changes some of them. */
    private static Map<String, String> base() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put(ExporterSettings.USER_POOL_ID, "ap-northeast-1_AbCdEf123");
        settings.put(ExporterSettings.CLIENT_PREFIX + "web", "1h2webclient0000000000000a");
        settings.put(ExporterSettings.SERVICE_NAME, "my-service");
        settings.put(ExporterSettings.API_KEY_PARAMETER, "/mackerel/api-key");
        settings.put(ExporterSettings.PERIOD, "60");
        settings.put(ExporterSettings.LOOKBACK, "900");
        return settings;
    }

    /** Every candidate on its own, then seeded combinations of two or three. */
    private static List<Map<String, String>> cases() {
        List<Candidate> candidates = candidates();
        List<Map<String, String>> cases = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Map<String, String> settings = base();
            settings.put(candidate.key(), candidate.value());
            cases.add(settings);
        }
        Random random = new Random(20261202L);
        for (int i = 0; i < 80; i++) {
            Map<String, String> settings = base();
            int changes = 2 + random.nextInt(2);
            for (int j = 0; j < changes; j++) {
                Candidate candidate = candidates.get(random.nextInt(candidates.size()));
                settings.put(candidate.key(), candidate.value());
            }
            cases.add(settings);
        }
        return cases;
    }

    @Test
    void constructAndRuntimeAgreeOnEveryGeneratedCase() {
        List<Map<String, String>> cases = cases();
        int accepted = 0;
        List<String> disagreements = new ArrayList<>();
        for (Map<String, String> settings : cases) {
            String synth = synth(settings);
            String load = load(settings);
            if ((synth == null) != (load == null)) {
                disagreements.add(settings + "\n  synth: " + (synth == null ? "ok" : synth) + "\n  load: "
                        + (load == null ? "ok" : load));
                continue;
            }
            if (synth == null) {
                accepted++;
                continue;
            }
            Set<String> namedBySynth = namedSettings(synth);
            Set<String> namedByLoad = namedSettings(load);
            if (namedBySynth.isEmpty() || !namedBySynth.equals(namedByLoad)) {
                disagreements.add(settings + "\n  synth names " + namedBySynth + ": " + synth + "\n  load names "
                        + namedByLoad + ": " + load);
            }
        }
        assertEquals(List.of(), disagreements, () -> disagreements.size() + " of " + cases.size() + " cases disagree:\n"
                + String.join("\n", disagreements));
        // The generator must exercise both outcomes in earnest.
        assertTrue(accepted > 40, "accepted " + accepted + " of " + cases.size());
        assertTrue(cases.size() - accepted > 80, "refused " + (cases.size() - accepted) + " of " + cases.size());
    }

    @Test
    void upperCaseSchemeIsAcceptedAndNormalisedOnBothSides() {
        // Tried as a new user would: the construct accepted it and the runtime refused it. URL schemes are
        // case-insensitive, so both now accept it and the runtime posts to the lower-case URL.
        Map<String, String> settings = base();
        settings.put(ExporterSettings.BASE_URL, "HTTPS://api.mackerelio.com/");
        assertEquals(null, synth(settings));
        assertEquals(null, load(settings));
        ssm.putParameter(CONFIG_PARAMETER, ConfigDocument.render(settings));
        ExporterConfig config = new ConfigLoader(client).load(CONFIG_PARAMETER, new RunStats(), Log.none());
        assertEquals(URI.create("https://api.mackerelio.com/"), config.mackerelBaseUrl());
    }

    @Test
    void failsOnBothSidesForTheAdminAlias() {
        Map<String, String> settings = base();
        settings.put(ExporterSettings.CLIENT_PREFIX + "admin", "3n4b5urk1ft4fl3mg5e62d9ado");
        assertTrue(synth(settings).contains("'clients' alias 'admin' (setting clients.admin)"), synth(settings));
        assertTrue(load(settings).contains("'clients' alias 'admin' (setting clients.admin)"), load(settings));
    }

    @Test
    void failsOnBothSidesForAnArnAsTheKeyParameter() {
        Map<String, String> settings = base();
        settings.put(ExporterSettings.API_KEY_PARAMETER,
                "arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/api-key");
        assertTrue(synth(settings).contains("got an ARN: give the name that follows 'parameter' in it"),
                synth(settings));
        assertTrue(load(settings).contains("got an ARN: give the name that follows 'parameter' in it"),
                load(settings));
    }

    @Test
    void failsOnBothSidesForATwentyFourHourLookback() {
        Map<String, String> settings = base();
        settings.put(ExporterSettings.LOOKBACK, "86400");
        assertTrue(synth(settings).contains("'lookback' (setting lookback-seconds) must be"), synth(settings));
        assertTrue(load(settings).contains("'lookback' (setting lookback-seconds) must be"), load(settings));
    }

    @Test
    void failsOnBothSidesWithoutShowingAKeyPastedAsTheKeyParameter() {
        String key = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCd";
        Map<String, String> settings = base();
        settings.put(ExporterSettings.API_KEY_PARAMETER, key);
        for (String message : List.of(synth(settings), load(settings))) {
            assertTrue(message.contains("this looks like an API key; store the key as a SecureString parameter and "
                    + "put its name here"), message);
            assertFalse(message.contains(key), message);
            assertFalse(message.contains(key.substring(0, 12)), message);
        }
    }

    /** The settings in the document that a refusal names. */
    private static Set<String> namedSettings(String message) {
        Set<String> named = new TreeSet<>();
        Matcher matcher = NAMED_SETTING.matcher(message);
        while (matcher.find()) {
            for (String key : matcher.group(1).split(",")) {
                named.add(key.strip());
            }
        }
        return named;
    }

    /** Synthesizes the settings as props; null when it succeeds, else the message. */
    private static String synth(Map<String, String> settings) {
        Stack stack = new Stack(new App(), "AgreementStack");
        CognitoMackerelMetricsProps.Builder props = CognitoMackerelMetricsProps.builder()
                .userPool(UserPool.fromUserPoolId(stack, "Pool", settings.get(ExporterSettings.USER_POOL_ID)))
                .mackerelServiceName(settings.get(ExporterSettings.SERVICE_NAME))
                .mackerelApiKeyParameterName(settings.get(ExporterSettings.API_KEY_PARAMETER))
                // The construct's own rules (schedule within lookback, timeout within schedule) stay out of the way.
                .schedule(Duration.minutes(1))
                .timeout(Duration.seconds(50));
        Map<String, IUserPoolClient> clients = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (key.startsWith(ExporterSettings.CLIENT_PREFIX)) {
                String alias = key.substring(ExporterSettings.CLIENT_PREFIX.length());
                clients.put(alias, UserPoolClient.fromUserPoolClientId(stack, "Client-" + alias, value));
            }
        });
        props.clients(clients);
        String value;
        if ((value = settings.get(ExporterSettings.BASE_URL)) != null) {
            props.mackerelApiBaseUrl(value);
        }
        if ((value = settings.get(ExporterSettings.BATCH_SIZE)) != null) {
            props.mackerelBatchSize(Double.valueOf(value));
        }
        if ((value = settings.get(ExporterSettings.PREFIX)) != null) {
            props.metricNamePrefix(value);
        }
        if ((value = settings.get(ExporterSettings.ACTIVITIES)) != null) {
            List<CognitoActivity> activities = new ArrayList<>();
            for (String id : value.split(",")) {
                if (!id.isEmpty()) {
                    activities.add(CognitoActivity.fromId(id).orElseThrow());
                }
            }
            props.activities(activities);
        }
        if ((value = settings.get(ExporterSettings.LEGACY_CLIENT)) != null) {
            props.legacyMetricNamesClient(value);
        }
        if ((value = settings.get(ExporterSettings.PERIOD)) != null) {
            props.period(seconds(value));
        }
        if ((value = settings.get(ExporterSettings.LOOKBACK)) != null) {
            props.lookback(seconds(value));
        }
        if ((value = settings.get(ExporterSettings.ZERO_FILL)) != null) {
            props.zeroFill(Boolean.valueOf(value));
        }
        if ((value = settings.get(ExporterSettings.HEARTBEAT)) != null) {
            props.heartbeat(Boolean.valueOf(value));
        }
        if ((value = settings.get(ExporterSettings.CATCH_UP_MAX_AGE)) != null) {
            props.maxCatchUp(seconds(value));
        }
        try {
            new CognitoMackerelMetrics(stack, "Metrics", props.build());
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Duration seconds(String value) {
        double seconds = Double.parseDouble(value);
        return seconds == Math.rint(seconds) ? Duration.seconds(seconds) : Duration.millis(seconds * 1000);
    }

    /** Loads the settings, as the document the construct would write, with the runtime's loader; null when ok. */
    private static String load(Map<String, String> settings) {
        ssm.putParameter(CONFIG_PARAMETER, ConfigDocument.render(settings));
        try {
            new ConfigLoader(client).load(CONFIG_PARAMETER, new RunStats(), Log.none());
            return null;
        } catch (ConfigException e) {
            return e.getMessage();
        }
    }
}
