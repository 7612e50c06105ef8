package io.github.cognitomackerel.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cognitomackerel.CognitoActivity;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExporterSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("user-pool-id", "ap-northeast-1_AbCdEf123");
        settings.put("mackerel-service-name", "my-service");
        settings.put("mackerel-api-key-parameter", "/mackerel/api-key");
        return settings;
    }

    private static String error(Map<String, String> settings) {
        return assertThrows(SettingsException.class, () -> ExporterSettings.parse(settings)).getMessage();
    }

    @Test
    void absentSettingsTakeTheDefaultsDefinedOnce() {
        ExporterConfig config = ExporterSettings.parse(minimal());
        assertEquals(URI.create(ExporterSettings.DEFAULT_BASE_URL), config.mackerelBaseUrl());
        assertEquals(Catalog.DEFAULT_PREFIX, config.metricNamePrefix());
        assertEquals(List.of(CognitoActivity.values()), config.activities());
        assertEquals(Optional.empty(), config.legacyClient());
        assertEquals(300, config.periodSeconds());
        assertEquals(900, config.lookbackSeconds());
        assertTrue(config.zeroFill());
        assertEquals(1000, config.batchSize());
        assertTrue(config.heartbeat());
        assertEquals(84_600, config.catchUpMaxAgeSeconds());
        for (ExporterSettings.Setting setting : ExporterSettings.SETTINGS) {
            if (setting.defaultValue() != null) {
                Map<String, String> explicit = minimal();
                explicit.put(setting.key(), setting.defaultValue());
                assertEquals(config, ExporterSettings.parse(explicit), "the documented default of " + setting.key());
            }
        }
    }

    @Test
    void everyProblemIsListedAtOnceWithPropAndSetting() {
        Map<String, String> settings = minimal();
        settings.remove("mackerel-service-name");
        settings.put("zero-fill", "yes");
        settings.put("period", "60");
        SettingsException e = assertThrows(SettingsException.class, () -> ExporterSettings.parse(settings));
        assertEquals(List.of("period", "mackerel-service-name", "zero-fill"),
                e.problems().stream().map(Problem::key).toList());
        assertTrue(e.getMessage().startsWith("3 problems: 1) 'period' is not a known setting"), e.getMessage());
        assertTrue(e.getMessage().contains("2) 'mackerelServiceName' (setting mackerel-service-name) is required"),
                e.getMessage());
        assertTrue(e.getMessage().contains("3) 'zeroFill' (setting zero-fill) must be true or false, got 'yes'"),
                e.getMessage());
    }

    @Test
    void baseUrlIsNormalisedAndPlainHttpIsOnlyForLoopback() {
        assertEquals(Optional.of(URI.create("https://api.mackerelio.com/")),
                ExporterSettings.baseUrl("HTTPS://API.Mackerelio.com"));
        assertEquals(Optional.of(URI.create("https://kcps.example.jp/mackerel/")),
                ExporterSettings.baseUrl("https://kcps.example.jp/mackerel"));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080/")), ExporterSettings.baseUrl("http://127.0.0.1:8080"));
        assertEquals(Optional.of(URI.create("http://127.8.9.10/")), ExporterSettings.baseUrl("http://127.8.9.10/"));
        assertEquals(Optional.of(URI.create("http://[::1]:9/")), ExporterSettings.baseUrl("http://[::1]:9/"));
        assertEquals(Optional.of(URI.create("http://localhost/")), ExporterSettings.baseUrl("http://LOCALHOST"));
        for (String refused : List.of("http://api.mackerelio.com/", "http://10.0.0.1/", "http://127.0.0.1.nip.io/",
                "http://localhost.example.com/", "ftp://x/", "https://u:p@x/", "https://x/?q", "https://x/#f", "x",
                "https:///path", "")) {
            assertEquals(Optional.empty(), ExporterSettings.baseUrl(refused), refused);
        }
        Map<String, String> settings = minimal();
        settings.put("mackerel-api-base-url", "http://api.mackerelio.com/");
        assertTrue(error(settings).contains("(http only for a loopback address such as http://127.0.0.1:8080/, for "
                + "local tests), got 'http://api.mackerelio.com/'"), error(settings));
    }

    @Test
    void aKeyWhereItsParameterNameBelongsIsRefusedWithoutBeingShown() {
        String key = "Xy7Qk2LmN8pR4sT6uV0wZ1aB3cD5eF9gH2jK4mN6pQ8";
        assertTrue(ExporterSettings.looksLikeApiKey(key));
        assertFalse(ExporterSettings.looksLikeApiKey("mackerelapikeyparameterforprodenv"), "no digits, no upper case");
        assertFalse(ExporterSettings.looksLikeApiKey("/prod/Mackerel/ApiKey2026Value0123456789"), "has levels");
        Map<String, String> settings = minimal();
        settings.put("mackerel-api-key-parameter", key);
        String message = error(settings);
        assertEquals("'mackerelApiKeyParameterName' (setting mackerel-api-key-parameter) must be the name of the SSM "
                + "SecureString parameter that holds the Mackerel API key, like /mackerel/api-key (levels of "
                + "[A-Za-z0-9_.-] separated by '/', not an ARN), got a value that looks like an API key (not shown): "
                + "this looks like an API key; store the key as a SecureString parameter and put its name here",
                message);
        settings.put("mackerel-api-key-parameter", "my pa55word!xy");
        message = error(settings);
        assertFalse(message.contains("pa55word"), message);
        assertTrue(message.contains("got a value of 14 characters that is not a parameter name (not shown, in case "
                + "it is a secret; character 3 is U+0020)"), message);
    }

    @Test
    void lookbackAndCatchUpStayWithinWhatMackerelKeeps() {
        Map<String, String> settings = minimal();
        settings.put("period-seconds", "60");
        settings.put("lookback-seconds", "84600");
        settings.put("catch-up-max-age-seconds", "84600");
        assertEquals(84_600, ExporterSettings.parse(settings).lookbackSeconds());
        settings.put("lookback-seconds", "86400");
        assertTrue(error(settings).contains("'lookback' (setting lookback-seconds) must be a whole multiple of the "
                + "period (60 s) from one period (60 s) to 84600 seconds"), error(settings));
        settings.put("lookback-seconds", "3600");
        settings.put("catch-up-max-age-seconds", "1800");
        assertTrue(error(settings).contains("'maxCatchUp' (setting catch-up-max-age-seconds) must be a whole multiple "
                + "of the period (60 s) from the lookback (3600 s)"), error(settings));
    }

    @Test
    void reservedAliasesAndSharedClientsAreRefused() {
        for (String alias : List.of("total", "admin")) {
            Map<String, String> settings = minimal();
            settings.put("clients." + alias, "c1");
            assertTrue(error(settings).startsWith("'clients' alias '" + alias + "' (setting clients." + alias + ")"),
                    error(settings));
        }
        Map<String, String> settings = minimal();
        settings.put("clients.web", "c1");
        settings.put("clients.app", "c1");
        assertEquals("'clients' maps aliases 'app' and 'web' (settings clients.app, clients.web) to the same app "
                + "client 'c1': give each client one alias", error(settings));
    }

    @Test
    void unresolvedValuesAreSkippedButRulesThatDoNotNeedThemStillApply() {
        Map<String, String> settings = minimal();
        settings.put("user-pool-id", "${Token[TOKEN.1]}");
        settings.put("period-seconds", "${Token[TOKEN.2]}");
        settings.put("lookback-seconds", "90000");
        settings.put("activities", "sign_up");
        settings.put("legacy-metric-names-client", "${Token[TOKEN.3]}");
        List<Problem> problems = ExporterSettings.check(settings, v -> v.startsWith("${Token["));
        assertEquals(List.of("legacy-metric-names-client", "lookback-seconds"),
                problems.stream().map(Problem::key).toList(), problems::toString);
    }

    @Test
    void theCatalogNamesTheExportersOwnSeries() {
        ExporterConfig config = ExporterSettings.parse(minimal());
        List<String> names = Catalog.metricNames(config);
        assertTrue(names.contains("cognito.exporter.heartbeat"));
        assertTrue(names.contains("cognito.exporter.posted"));
        assertTrue(names.contains("cognito.exporter.lag_seconds"));
        assertTrue(names.contains("cognito.sign_in.total.failure"));
        assertTrue(names.stream().allMatch(Catalog::isValidMackerelName));
        Map<String, String> off = minimal();
        off.put("heartbeat", "false");
        assertFalse(Catalog.metricNames(ExporterSettings.parse(off)).contains("cognito.exporter.heartbeat"));
    }
}
