package io.github.cognitomackerel.runtime.internal;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/** The environment variables the runtime reads, and their parsing. */
public final class Env {

    /** The SSM parameter path P (required by the handler). */
    public static final String PARAMETER_PATH = "COGNITO_MACKEREL_PARAMETER_PATH";
    /**
     * The name of the SSM String parameter where scheduled runs record how far they delivered (optional: without it
     * a scheduled run covers its lookback only).
     */
    public static final String PROGRESS_PARAMETER = "COGNITO_MACKEREL_PROGRESS_PARAMETER";
    /** How long configuration, key and pool clients are reused, in seconds (default 900; 0 disables). */
    public static final String CACHE_TTL_SECONDS = "COGNITO_MACKEREL_CACHE_TTL_SECONDS";
    /** The command line's log level ({@code DEBUG} adds detail lines on stderr). */
    public static final String CLI_LOG_LEVEL = "COGNITO_MACKEREL_LOG_LEVEL";
    /** Lambda's application log level ({@code DEBUG} or {@code TRACE} enables the handler's detail lines). */
    public static final String LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String AWS_ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    public static final String AWS_SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    public static final String AWS_SESSION_TOKEN = "AWS_SESSION_TOKEN";
    public static final String AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_URL_CLOUDWATCH = "AWS_ENDPOINT_URL_CLOUDWATCH";
    public static final String AWS_ENDPOINT_URL_SSM = "AWS_ENDPOINT_URL_SSM";

    /** Default of {@link #CACHE_TTL_SECONDS}. */
    public static final Duration DEFAULT_CACHE_TTL = Duration.ofSeconds(900);

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    private Env() {
    }

    /** A variable's value, or null when unset or blank. */
    public static String get(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * {@link #CACHE_TTL_SECONDS} as a duration.
     *
     * @throws ExportException when it is not a whole number of seconds
     */
    public static Duration cacheTtl(Map<String, String> environment) {
        String value = get(environment, CACHE_TTL_SECONDS);
        if (value == null) {
            return DEFAULT_CACHE_TTL;
        }
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            throw new ExportException(CACHE_TTL_SECONDS + " must be a whole number of seconds (0 turns caching off), "
                    + "got '" + environment.get(CACHE_TTL_SECONDS) + "'");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    /**
     * {@link #PARAMETER_PATH}, checked.
     *
     * @throws ExportException when unset or malformed
     */
    public static String parameterPath(Map<String, String> environment) {
        String path = get(environment, PARAMETER_PATH);
        if (path == null) {
            throw new ExportException(PARAMETER_PATH + " is not set: set it to the SSM parameter path holding the "
                    + "configuration, e.g. /cognito-mackerel/prod");
        }
        ConfigParser.checkPath(PARAMETER_PATH, path).ifPresent(problem -> {
            throw new ExportException(problem);
        });
        return path;
    }
}
