package io.github.cognitomackerel.settings;

/**
 * The environment variables the construct gives the function and the runtime reads: names and defaults, defined
 * once.
 */
public final class FunctionEnvironment {

    /** The name of the SSM String parameter holding the configuration document (required by the handler). */
    public static final String CONFIG_PARAMETER = "COGNITO_MACKEREL_CONFIG_PARAMETER";
    /** The name of the SSM String parameter where the function records its progress. */
    public static final String PROGRESS_PARAMETER = "COGNITO_MACKEREL_PROGRESS_PARAMETER";
    /** How long configuration, key and pool clients are reused, in seconds (0 turns caching off). */
    public static final String CACHE_TTL_SECONDS = "COGNITO_MACKEREL_CACHE_TTL_SECONDS";
    /** Default of {@link #CACHE_TTL_SECONDS}: 15 minutes, so an operator's change is picked up within that. */
    public static final int DEFAULT_CACHE_TTL_SECONDS = 900;
    /** The command line's log level ({@code DEBUG} adds detail lines on stderr). */
    public static final String CLI_LOG_LEVEL = "COGNITO_MACKEREL_LOG_LEVEL";

    private FunctionEnvironment() {
    }
}
