package io.github.cognitomackerel.runtime.internal.config;

import io.github.cognitomackerel.runtime.internal.ExportException;

import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The environment variables the runtime reads, and their parsing. The names the construct sets come from
 * {@link FunctionEnvironment}; the AWS ones are the SDK's.
 */
public final class Env {

    /** Lambda's application log level ({@code DEBUG} or {@code TRACE} enables the handler's detail lines). */
    public static final String LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_CLOUDWATCH = "AWS_ENDPOINT_URL_CLOUDWATCH";
    public static final String AWS_ENDPOINT_URL_SSM = "AWS_ENDPOINT_URL_SSM";

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    private Env() {
    }

    /** A variable's value, or null when unset or blank. */
    public static String get(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * {@link FunctionEnvironment#CACHE_TTL_SECONDS} as a duration.
     *
     * @throws ExportException when it is not a whole number of seconds
     */
    public static Duration cacheTtl(Map<String, String> environment) {
        String name = FunctionEnvironment.CACHE_TTL_SECONDS;
        String value = get(environment, name);
        if (value == null) {
            return Duration.ofSeconds(FunctionEnvironment.DEFAULT_CACHE_TTL_SECONDS);
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new ExportException(name + " must be a whole number of seconds (0 turns caching off), got '"
                    + environment.get(name) + "'");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /**
     * {@link FunctionEnvironment#CONFIG_PARAMETER}: the name of the configuration parameter, checked.
     *
     * @throws ExportException when unset or not a parameter name
     */
    public static String configParameter(Map<String, String> environment) {
        String name = FunctionEnvironment.CONFIG_PARAMETER;
        String value = get(environment, name);
        if (value == null) {
            throw new ExportException(name + " is not set: set it to the name of the SSM String parameter holding "
                    + "the configuration (the stack output ConfigParameterName)");
        }
        ExporterSettings.checkParameterName(name, value).ifPresent(problem -> {
            throw new ExportException(problem);
        });
        return value;
    }
}
