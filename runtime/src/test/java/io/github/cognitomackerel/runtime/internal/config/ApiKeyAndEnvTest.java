package io.github.cognitomackerel.runtime.internal.config;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** ApiKey and Env. */
class ApiKeyAndEnvTest {

    @Test
    void apiKeyHidesItself() {
        ApiKey key = new ApiKey("abc123SECRET");
        assertEquals("ApiKey[****]", key.toString());
        assertEquals("x **** y ****", key.redact("x abc123SECRET y abc123SECRET"));
        assertEquals("abc123SECRET", key.reveal());
        assertThrows(IllegalArgumentException.class, () -> new ApiKey(" "));
    }

    @Test
    void cacheTtlFromTheEnvironment() {
        assertEquals(Duration.ofSeconds(900), Env.cacheTtl(Map.of()));
        assertEquals(Duration.ofSeconds(60), Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "60")));
        assertEquals(Duration.ZERO, Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "0")));
        assertEquals("COGNITO_MACKEREL_CACHE_TTL_SECONDS must be a whole number of seconds (0 turns caching off), got "
                + "'15m'", assertThrows(ExportException.class,
                        () -> Env.cacheTtl(Map.of(FunctionEnvironment.CACHE_TTL_SECONDS, "15m"))).getMessage());
    }

    @Test
    void configParameterFromTheEnvironment() {
        String variable = FunctionEnvironment.CONFIG_PARAMETER;
        assertEquals("/a/b", Env.configParameter(Map.of(variable, "/a/b")));
        assertEquals("CFN-ExporterConfig-1AbC", Env.configParameter(Map.of(variable, "CFN-ExporterConfig-1AbC")));
        assertEquals("COGNITO_MACKEREL_CONFIG_PARAMETER is not set: set it to the name of the SSM String parameter "
                + "holding the configuration (the stack output ConfigParameterName)",
                assertThrows(ExportException.class, () -> Env.configParameter(Map.of())).getMessage());
        assertEquals("COGNITO_MACKEREL_CONFIG_PARAMETER must be the name of an SSM parameter like /my-app/config "
                + "(levels of [A-Za-z0-9_.-] separated by '/', not an ARN), got a value of 5 characters that is not a "
                + "parameter name (not shown, in case it is a secret; it has an empty level: '//', or '/' at the end)",
                assertThrows(ExportException.class, () -> Env.configParameter(Map.of(variable, "/a/b/"))).getMessage());
    }
}
