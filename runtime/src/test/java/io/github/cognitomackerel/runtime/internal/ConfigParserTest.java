package io.github.cognitomackerel.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigParserTest {

    static final String P = "/cognito-mackerel/prod";

    /** The three required settings. */
    static Map<String, String> minimal() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("user-pool-id", "ap-northeast-1_AbCdEf123");
        settings.put("mackerel-service-name", "my-service");
        settings.put("mackerel-api-key-parameter", "/mackerel/api-key");
        return settings;
    }

    static List<SsmParameter> parameters(Map<String, String> settings) {
        List<SsmParameter> parameters = new ArrayList<>();
        settings.forEach((name, value) -> parameters.add(SsmParameter.string(P + "/" + name, value)));
        return parameters;
    }

    static Config parse(Map<String, String> settings) {
        return ConfigParser.parse(P, parameters(settings));
    }

    /** The message of the ConfigException these settings give. */
    static String error(Map<String, String> settings) {
        return assertThrows(ConfigException.class, () -> parse(settings)).getMessage();
    }

    static String errorWith(String name, String value) {
        Map<String, String> settings = minimal();
        settings.put(name, value);
        return error(settings);
    }

    @Test
    void defaults() {
        Config config = parse(minimal());
        assertEquals(P, config.parameterPath());
        assertEquals("ap-northeast-1_AbCdEf123", config.userPoolId());
        assertEquals(Map.of(), config.clients());
        assertEquals("my-service", config.serviceName());
        assertEquals("/mackerel/api-key", config.apiKeyParameter());
        assertEquals(URI.create("https://api.mackerelio.com/"), config.mackerelBaseUrl());
        assertEquals("cognito", config.metricNamePrefix());
        assertEquals(List.of(Activity.values()), config.activities());
        assertEquals(Optional.empty(), config.legacyClient());
        assertEquals(300, config.periodSeconds());
        assertEquals(900, config.lookbackSeconds());
        assertTrue(config.zeroFill());
        assertEquals(1000, config.batchSize());
    }

    @Test
    void everySetting() {
        Map<String, String> settings = minimal();
        settings.put("clients/web", "1example23456789abcdefghij");
        settings.put("clients/mobile_app", "2example23456789abcdefghij");
        settings.put("mackerel-api-base-url", "http://127.0.0.1:8080");
        settings.put("metric-name-prefix", "myapp.cognito");
        settings.put("activities", "sign_in, federation");
        settings.put("legacy-metric-names-client", "web");
        settings.put("period-seconds", "60");
        settings.put("lookback-seconds", "86400");
        settings.put("zero-fill", "false");
        settings.put("mackerel-batch-size", "5000");
        Config config = parse(settings);
        assertEquals(Map.of("web", "1example23456789abcdefghij", "mobile_app", "2example23456789abcdefghij"),
                config.clients());
        assertEquals(List.of("mobile_app", "web"), List.copyOf(config.clients().keySet()));
        assertEquals(URI.create("http://127.0.0.1:8080/"), config.mackerelBaseUrl());
        assertEquals("myapp.cognito", config.metricNamePrefix());
        assertEquals(List.of(Activity.SIGN_IN, Activity.FEDERATION), config.activities());
        assertEquals(Optional.of("web"), config.legacyClient());
        assertEquals(60, config.periodSeconds());
        assertEquals(86_400, config.lookbackSeconds());
        assertFalse(config.zeroFill());
        assertEquals(5000, config.batchSize());
    }

    @Test
    void valuesAreTrimmed() {
        Map<String, String> settings = minimal();
        settings.put("period-seconds", "60\n");
        assertEquals(60, parse(settings).periodSeconds());
    }

    @Test
    void missingRequiredParameter() {
        Map<String, String> settings = minimal();
        settings.remove("mackerel-service-name");
        assertEquals("Parameter /cognito-mackerel/prod/mackerel-service-name is missing: create it as a String "
                + "parameter holding the name of an existing Mackerel service", error(settings));
    }

    @Test
    void nothingUnderThePath() {
        assertEquals("No parameters found under /cognito-mackerel/prod: create /cognito-mackerel/prod/user-pool-id, "
                + "/cognito-mackerel/prod/mackerel-service-name and "
                + "/cognito-mackerel/prod/mackerel-api-key-parameter as String parameters, or fix the parameter path",
                error(Map.of()));
    }

    @Test
    void everyProblemInOneException() {
        Map<String, String> settings = minimal();
        settings.remove("user-pool-id");
        settings.put("zero-fill", "yes");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(settings));
        assertEquals(2, e.problems().size());
        assertEquals(String.join("; ", e.problems()), e.getMessage());
        assertTrue(e.getMessage().startsWith("Parameter /cognito-mackerel/prod/user-pool-id is missing"));
    }

    @Test
    void malformedPeriod() {
        assertEquals("Parameter /cognito-mackerel/prod/period-seconds must be 60 or 300, got '120': fix it or "
                + "delete it to use 300", errorWith("period-seconds", "120"));
    }

    @Test
    void lookbackNotAMultipleOfThePeriod() {
        Map<String, String> settings = minimal();
        settings.put("period-seconds", "300");
        settings.put("lookback-seconds", "1000");
        assertEquals("Parameter /cognito-mackerel/prod/lookback-seconds must be a multiple of the period (300) from "
                + "300 to 86400, got '1000': fix it or delete it to use 900", error(settings));
    }

    @Test
    void lookbackBeyondADay() {
        assertTrue(errorWith("lookback-seconds", "86700").contains("got '86700'"));
        assertTrue(errorWith("lookback-seconds", "-300").contains("got '-300'"));
        assertTrue(errorWith("lookback-seconds", "0").contains("got '0'"));
    }

    @Test
    void lookbackIsNotCheckedAgainstABadPeriod() {
        Map<String, String> settings = minimal();
        settings.put("period-seconds", "120");
        settings.put("lookback-seconds", "240");
        ConfigException e = assertThrows(ConfigException.class, () -> parse(settings));
        assertEquals(1, e.problems().size(), e.getMessage());
    }

    @Test
    void malformedActivities() {
        assertEquals("Parameter /cognito-mackerel/prod/activities must be a comma-separated list of sign_up, "
                + "sign_in, token_refresh, federation without duplicates, got 'sign_in,signup' ('signup' is not an "
                + "activity): fix it or delete it to export all four", errorWith("activities", "sign_in,signup"));
        assertTrue(errorWith("activities", "sign_in,sign_in").contains("('sign_in' is listed twice)"));
        assertTrue(errorWith("activities", "").contains("(an empty item)"));
        assertTrue(errorWith("activities", "sign_in,").contains("(an empty item)"));
    }

    @Test
    void malformedBooleansNumbersNamesAndUrls() {
        assertEquals("Parameter /cognito-mackerel/prod/zero-fill must be true or false, got 'TRUE': fix it or "
                + "delete it to use true", errorWith("zero-fill", "TRUE"));
        assertEquals("Parameter /cognito-mackerel/prod/mackerel-batch-size must be a whole number from 1 to 5000, "
                + "got '5001': fix it or delete it to use 1000", errorWith("mackerel-batch-size", "5001"));
        assertTrue(errorWith("mackerel-batch-size", "0").contains("got '0'"));
        assertTrue(errorWith("mackerel-batch-size", "ten").contains("got 'ten'"));
        assertEquals("Parameter /cognito-mackerel/prod/mackerel-service-name must be 2-63 characters of "
                + "[A-Za-z0-9_-] not starting with '-' or '_', got 'my service': set it to the name of an existing "
                + "Mackerel service", errorWith("mackerel-service-name", "my service"));
        assertTrue(errorWith("mackerel-service-name", "_svc").contains("got '_svc'"));
        assertTrue(errorWith("mackerel-service-name", "x").contains("got 'x'"));
        assertEquals("Parameter /cognito-mackerel/prod/user-pool-id must be a Cognito user pool id like "
                + "ap-northeast-1_AbCdEf123, got 'my pool': set it to the id shown in the Cognito console",
                errorWith("user-pool-id", "my pool"));
        assertEquals("Parameter /cognito-mackerel/prod/mackerel-api-base-url must be an http(s) URL like "
                + "https://api.mackerelio.com/, got 'ftp://example.com/': fix it or delete it to use "
                + "https://api.mackerelio.com/", errorWith("mackerel-api-base-url", "ftp://example.com/"));
        assertTrue(errorWith("mackerel-api-base-url", "https://x/?a=b").contains("got 'https://x/?a=b'"));
        assertEquals("Parameter /cognito-mackerel/prod/metric-name-prefix must be dot-separated segments of "
                + "[a-z0-9_] like cognito or myapp.cognito, got 'Cognito.': fix it or delete it to use 'cognito'",
                errorWith("metric-name-prefix", "Cognito."));
        assertEquals("Parameter /cognito-mackerel/prod/mackerel-api-key-parameter must be the name of an SSM "
                + "parameter like /mackerel/api-key, got 'my key': set it to the name of the SecureString parameter "
                + "that holds the Mackerel API key", errorWith("mackerel-api-key-parameter", "my key"));
    }

    @Test
    void keyParameterMayBeAnArn() {
        Map<String, String> settings = minimal();
        settings.put("mackerel-api-key-parameter", "arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/key");
        assertEquals("arn:aws:ssm:ap-northeast-1:123456789012:parameter/mackerel/key",
                parse(settings).apiKeyParameter());
    }

    @Test
    void badAliasesAndClientIds() {
        assertEquals("Parameter /cognito-mackerel/prod/clients/Web has an invalid alias 'Web': aliases must match "
                + "[a-z0-9][a-z0-9_]{0,62} and must not be 'total': rename the parameter",
                errorWith("clients/Web", "1example"));
        assertTrue(errorWith("clients/total", "1example").contains("invalid alias 'total'"));
        assertTrue(errorWith("clients/web/extra", "1example").contains("invalid alias 'web/extra'"));
        assertEquals("Parameter /cognito-mackerel/prod/clients/web must be an app client id (1-128 letters, digits, "
                + "'_' or '+'), got 'a b': set it to the client id shown in the Cognito console",
                errorWith("clients/web", "a b"));
    }

    @Test
    void twoAliasesForOneClient() {
        Map<String, String> settings = minimal();
        settings.put("clients/web", "1example");
        settings.put("clients/app", "1example");
        assertEquals("Parameters /cognito-mackerel/prod/clients/app and /cognito-mackerel/prod/clients/web both name "
                + "app client '1example': delete one of them", error(settings));
    }

    @Test
    void legacyClientMustBeAnAliasOrTotalAndNeedsSignIn() {
        Map<String, String> settings = minimal();
        settings.put("clients/web", "1example");
        settings.put("legacy-metric-names-client", "mobile");
        assertEquals("Parameter /cognito-mackerel/prod/legacy-metric-names-client must be an alias defined under "
                + "/cognito-mackerel/prod/clients/ or 'total', got 'mobile': fix it or delete it to turn the legacy "
                + "names off", error(settings));
        settings.put("legacy-metric-names-client", "total");
        assertEquals(Optional.of("total"), parse(settings).legacyClient());
        settings.put("activities", "sign_up");
        assertEquals("Parameter /cognito-mackerel/prod/legacy-metric-names-client needs sign_in in "
                + "/cognito-mackerel/prod/activities, got 'sign_up': add sign_in to /cognito-mackerel/prod/activities"
                + " or delete /cognito-mackerel/prod/legacy-metric-names-client", error(settings));
    }

    @Test
    void unknownParameter() {
        assertEquals("Parameter /cognito-mackerel/prod/perod-seconds is not a known setting: delete it or fix its "
                + "name (known: user-pool-id, clients/<alias>, mackerel-service-name, mackerel-api-key-parameter, "
                + "mackerel-api-base-url, metric-name-prefix, activities, legacy-metric-names-client, period-seconds, "
                + "lookback-seconds, zero-fill, mackerel-batch-size, heartbeat, catch-up-max-age-seconds)", errorWith("perod-seconds", "60"));
    }

    @Test
    void secureStringSettingIsRejectedWithoutShowingItsValue() {
        List<SsmParameter> parameters = parameters(minimal());
        parameters.add(new SsmParameter(P + "/period-seconds", SsmParameter.Type.SECURE_STRING, "AQICAHsecret"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(P, parameters));
        assertEquals("Parameter /cognito-mackerel/prod/period-seconds is a SecureString: configuration parameters "
                + "must be String parameters: recreate it with --type String", e.getMessage());
    }

    @Test
    void theKeysOwnParameterUnderThePathIsNotAnUnknownSetting() {
        Map<String, String> settings = minimal();
        settings.put("mackerel-api-key-parameter", P + "/api-key");
        List<SsmParameter> parameters = parameters(settings);
        parameters.add(new SsmParameter(P + "/api-key", SsmParameter.Type.SECURE_STRING, "AQICAHsecret"));
        assertEquals(P + "/api-key", ConfigParser.parse(P, parameters).apiKeyParameter());
    }

    @Test
    void parameterPathRule() {
        assertEquals(Optional.empty(), ConfigParser.checkPath("X", "/cognito-mackerel/prod"));
        assertEquals(Optional.empty(), ConfigParser.checkPath("X", "/a"));
        assertEquals(Optional.of("X must be an SSM parameter path like /cognito-mackerel/prod (starting with '/', "
                + "without a trailing '/'), got 'cognito/prod'"), ConfigParser.checkPath("X", "cognito/prod"));
        assertTrue(ConfigParser.checkPath("X", "/a/").isPresent());
        assertTrue(ConfigParser.checkPath("X", "/").isPresent());
        assertTrue(ConfigParser.checkPath("X", "/a b").isPresent());
        assertTrue(ConfigParser.checkPath("X", "/a//b").isPresent());
        assertTrue(ConfigParser.checkPath("X", null).isPresent());
    }
}
