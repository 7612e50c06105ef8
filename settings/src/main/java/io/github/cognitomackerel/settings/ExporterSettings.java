package io.github.cognitomackerel.settings;

import io.github.cognitomackerel.CognitoActivity;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every setting of the exporter, defined once: its key in the configuration document, the construct prop that sets
 * it, its default, its bounds, its rule and the message when the rule is broken. The construct checks its props
 * through {@link #check} at synth (values that are CDK tokens skipped); the runtime checks the document it loads
 * through {@link #parse}. Both run the same code, so whatever the runtime would refuse, {@code cdk synth} refuses
 * first.
 *
 * <p>A message names the prop and the setting, shows the bad value and says how to fix it, e.g. {@code 'lookback'
 * (setting lookback-seconds) must be ..., got '86400': ...}. A value that may be a secret (the API key pasted where
 * its parameter's name belongs) is never shown.
 */
public final class ExporterSettings {

    /** Key of the Cognito user pool id (required). */
    public static final String USER_POOL_ID = "user-pool-id";
    /** Key prefix of the app clients: {@code clients.<alias>=<client id>}. */
    public static final String CLIENT_PREFIX = "clients.";
    /** Key of the Mackerel service name (required). */
    public static final String SERVICE_NAME = "mackerel-service-name";
    /** Key of the name of the SecureString parameter holding the Mackerel API key (required). */
    public static final String API_KEY_PARAMETER = "mackerel-api-key-parameter";
    /** Key of the Mackerel API base URL. */
    public static final String BASE_URL = "mackerel-api-base-url";
    /** Key of the number of values per Mackerel API call. */
    public static final String BATCH_SIZE = "mackerel-batch-size";
    /** Key of the metric-name prefix. */
    public static final String PREFIX = "metric-name-prefix";
    /** Key of the comma-separated activities. */
    public static final String ACTIVITIES = "activities";
    /** Key of the client whose sign-ins are also posted under the original script's names. */
    public static final String LEGACY_CLIENT = "legacy-metric-names-client";
    /** Key of the period in seconds. */
    public static final String PERIOD = "period-seconds";
    /** Key of the lookback in seconds. */
    public static final String LOOKBACK = "lookback-seconds";
    /** Key of the zero-fill switch. */
    public static final String ZERO_FILL = "zero-fill";
    /** Key of the heartbeat switch. */
    public static final String HEARTBEAT = "heartbeat";
    /** Key of how far back a scheduled run may catch up, in seconds. */
    public static final String CATCH_UP_MAX_AGE = "catch-up-max-age-seconds";

    /** The Mackerel API's base URL unless configured otherwise. */
    public static final String DEFAULT_BASE_URL = "https://api.mackerelio.com/";
    /** Values per Mackerel API call unless configured otherwise. */
    public static final int DEFAULT_BATCH_SIZE = 1000;
    /** The most values per Mackerel API call. */
    public static final int MAX_BATCH_SIZE = 5000;
    /** The period unless configured otherwise. */
    public static final int DEFAULT_PERIOD_SECONDS = 300;
    /** The lookback unless configured otherwise. */
    public static final int DEFAULT_LOOKBACK_SECONDS = 900;
    /** Whether periods without data are posted as 0 unless configured otherwise. */
    public static final boolean DEFAULT_ZERO_FILL = true;
    /** Whether the exporter's own series are posted unless configured otherwise. */
    public static final boolean DEFAULT_HEARTBEAT = true;
    /** The activities exported unless configured otherwise: all of them. */
    public static final List<CognitoActivity> DEFAULT_ACTIVITIES = List.of(CognitoActivity.values());
    /** Mackerel drops values older than this (24 hours) without an error. */
    public static final int MACKEREL_RETENTION_SECONDS = 86_400;
    /** Kept back from {@link #MACKEREL_RETENTION_SECONDS} for the run's own duration and for clock differences. */
    public static final int RETENTION_MARGIN_SECONDS = 1_800;
    /** The oldest a posted period may be: 23 hours 30 minutes, a multiple of both periods. */
    public static final int MAX_AGE_SECONDS = MACKEREL_RETENTION_SECONDS - RETENTION_MARGIN_SECONDS;
    /** How far back a scheduled run catches up unless configured otherwise: as far as Mackerel keeps. */
    public static final int DEFAULT_CATCH_UP_MAX_AGE_SECONDS = MAX_AGE_SECONDS;
    /** The longest SSM String parameter of the standard tier, in bytes. */
    public static final int MAX_DOCUMENT_BYTES = 4096;

    /** Aliases that the runtime uses itself: the sum, and Cognito's administrator-actions client. */
    public static final List<String> RESERVED_ALIASES = List.of(Catalog.TOTAL, Catalog.ADMIN);

    private static final Pattern USER_POOL = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final int MAX_USER_POOL_ID = 55;
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9_]{0,62}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,62}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final int MAX_PARAMETER_NAME = 2048;
    private static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern KEY_LIKE = Pattern.compile("[A-Za-z0-9]{32,}");

    /**
     * One setting's definition, for documentation and for the list of known keys.
     *
     * @param key the key in the configuration document
     * @param prop the construct prop that sets it
     * @param defaultValue the value when absent; null when required or when absence means "off"
     * @param required whether the document must have it
     */
    public record Setting(String key, String prop, String defaultValue, boolean required) {
    }

    /** Every setting, in document order ({@code clients.<alias>} stands for each client). */
    public static final List<Setting> SETTINGS = List.of(
            new Setting(USER_POOL_ID, "userPool", null, true),
            new Setting(CLIENT_PREFIX + "<alias>", "clients", null, false),
            new Setting(SERVICE_NAME, "mackerelServiceName", null, true),
            new Setting(API_KEY_PARAMETER, "mackerelApiKeyParameterName", null, true),
            new Setting(BASE_URL, "mackerelApiBaseUrl", DEFAULT_BASE_URL, false),
            new Setting(BATCH_SIZE, "mackerelBatchSize", String.valueOf(DEFAULT_BATCH_SIZE), false),
            new Setting(PREFIX, "metricNamePrefix", Catalog.DEFAULT_PREFIX, false),
            new Setting(ACTIVITIES, "activities", String.join(",",
                    DEFAULT_ACTIVITIES.stream().map(CognitoActivity::id).toList()), false),
            new Setting(LEGACY_CLIENT, "legacyMetricNamesClient", null, false),
            new Setting(PERIOD, "period", String.valueOf(DEFAULT_PERIOD_SECONDS), false),
            new Setting(LOOKBACK, "lookback", String.valueOf(DEFAULT_LOOKBACK_SECONDS), false),
            new Setting(ZERO_FILL, "zeroFill", String.valueOf(DEFAULT_ZERO_FILL), false),
            new Setting(HEARTBEAT, "heartbeat", String.valueOf(DEFAULT_HEARTBEAT), false),
            new Setting(CATCH_UP_MAX_AGE, "maxCatchUp", String.valueOf(DEFAULT_CATCH_UP_MAX_AGE_SECONDS), false));

    private static final Map<String, Setting> BY_KEY = new HashMap<>();

    static {
        for (Setting setting : SETTINGS) {
            BY_KEY.put(setting.key(), setting);
        }
    }

    private ExporterSettings() {
    }

    /**
     * The definition of a key ({@code clients.web} gives the clients setting).
     *
     * @param key a key
     * @return the setting, or empty for an unknown key
     */
    public static Optional<Setting> setting(String key) {
        return Optional.ofNullable(key.startsWith(CLIENT_PREFIX) ? BY_KEY.get(CLIENT_PREFIX + "<alias>")
                : BY_KEY.get(key));
    }

    /**
     * Checks raw settings without building a configuration: the construct's check at synth.
     *
     * @param raw key to value (clients as {@code clients.<alias>}); absent keys take their defaults
     * @param unresolved tells which values are not known yet (CDK tokens): they, and the rules that need them, are
     *     skipped
     * @return every problem, empty when valid
     */
    public static List<Problem> check(Map<String, String> raw, Predicate<String> unresolved) {
        Parsing parsing = new Parsing(raw, unresolved);
        parsing.run();
        return parsing.problems;
    }

    /**
     * Parses and checks raw settings: the runtime's check of the document it loaded.
     *
     * @param raw key to value, e.g. from {@link ConfigDocument#read}
     * @return the configuration
     * @throws SettingsException listing every problem
     */
    public static ExporterConfig parse(Map<String, String> raw) {
        Parsing parsing = new Parsing(raw, value -> false);
        ExporterConfig config = parsing.run();
        if (!parsing.problems.isEmpty()) {
            throw new SettingsException(parsing.problems);
        }
        return config;
    }

    /**
     * Whether a value has the shape of a Mackerel API key (32 or more letters and digits, with upper case, lower
     * case and a digit) rather than of a parameter name.
     *
     * @param value a value
     * @return true if it looks like a key
     */
    public static boolean looksLikeApiKey(String value) {
        return value != null && KEY_LIKE.matcher(value).matches() && value.chars().anyMatch(Character::isUpperCase)
                && value.chars().anyMatch(Character::isLowerCase) && value.chars().anyMatch(Character::isDigit);
    }

    /**
     * Checks the name of an SSM parameter given somewhere other than the document (an environment variable, a
     * command-line option). The value is shown only when it is a valid name that does not look like a key.
     *
     * @param source what gave the value, e.g. {@code --config-parameter}
     * @param value the value
     * @return empty when valid, else what is wrong and how to fix it
     */
    public static Optional<String> checkParameterName(String source, String value) {
        Optional<String> shape = parameterNameProblem(value);
        return shape.map(what -> source + " must be the name of an SSM parameter like /my-app/config (levels of "
                + "[A-Za-z0-9_.-] separated by '/', not an ARN), got " + what);
    }

    /** Null when {@code value} is a valid parameter name, else a description that never shows a possible secret. */
    private static Optional<String> parameterNameProblem(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.of("nothing");
        }
        if (value.startsWith("arn:")) {
            return Optional.of("an ARN: give the name that follows 'parameter' in it");
        }
        if (looksLikeApiKey(value)) {
            return Optional.of("a value that looks like an API key (not shown): this looks like an API key; store the "
                    + "key as a SecureString parameter and put its name here");
        }
        if (value.length() > MAX_PARAMETER_NAME || !PARAMETER_NAME.matcher(value).matches()) {
            return Optional.of("a value of " + value.length() + " characters that is not a parameter name (not shown, "
                    + "in case it is a secret" + firstBadCharacter(value) + ")");
        }
        return Optional.empty();
    }

    private static String firstBadCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == '-' || c == '/';
            if (!ok) {
                return "; character " + (i + 1) + " is " + (c >= 0x21 && c <= 0x7e ? "'" + c + "'"
                        : String.format("U+%04X", (int) c));
            }
        }
        return value.length() > MAX_PARAMETER_NAME ? "; it is longer than " + MAX_PARAMETER_NAME + " characters"
                : "; it has an empty level: '//', or '/' at the end";
    }

    /**
     * The base URL as the runtime uses it: lower-case scheme and host, ending in {@code /}.
     *
     * @param value a base URL
     * @return the URL, or empty when the rule of {@link #BASE_URL} refuses it
     */
    public static Optional<URI> baseUrl(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || uri.getRawFragment() != null || !("https".equals(scheme) || "http".equals(scheme))) {
            return Optional.empty();
        }
        if ("http".equals(scheme) && !isLoopback(host)) {
            return Optional.empty();
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        try {
            return Optional.of(new URI(scheme + "://" + host.toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()) + (path.endsWith("/") ? path : path + "/")));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** Whether a URL host is a loopback address (127.0.0.0/8, ::1) or localhost, without a DNS look-up. */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return true;
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (!h.matches("[0-9.]+") && !h.matches("[0-9a-f:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** One pass over the raw settings, collecting problems; values that are unresolved stay null. */
    private static final class Parsing {
        private final Map<String, String> raw;
        private final Predicate<String> unresolved;
        private final List<Problem> problems = new ArrayList<>();
        /** Whether a value some rule needs is not known yet (so that rule is skipped). */
        private boolean partial;

        Parsing(Map<String, String> raw, Predicate<String> unresolved) {
            this.raw = raw;
            this.unresolved = unresolved;
        }

        ExporterConfig run() {
            for (String key : raw.keySet()) {
                if (setting(key).isEmpty()) {
                    problems.add(new Problem(key, null, "'" + key + "' is not a known setting: delete it or fix its "
                            + "name (known: " + String.join(", ", SETTINGS.stream().map(Setting::key).toList())
                            + ")"));
                }
            }
            String userPoolId = required(USER_POOL_ID, "the id of the Cognito user pool to export",
                    v -> v.length() <= MAX_USER_POOL_ID && USER_POOL.matcher(v).matches() ? v : null,
                    "a Cognito user pool id like ap-northeast-1_AbCdEf123", "use the id shown in the Cognito console");
            SortedMap<String, String> clients = clients();
            String serviceName = required(SERVICE_NAME, "the name of the Mackerel service that receives the metrics",
                    v -> SERVICE.matcher(v).matches() ? v : null,
                    "2-63 characters of [A-Za-z0-9_-] not starting with '-' or '_'",
                    "use the name of a Mackerel service");
            String apiKeyParameter = apiKeyParameter();
            URI baseUrl = optional(BASE_URL, v -> baseUrl(v).orElse(null),
                    "an https URL without user info, query or fragment, like " + DEFAULT_BASE_URL
                            + " (http only for a loopback address such as http://127.0.0.1:8080/, for local tests)",
                    "fix it, or leave it unset for " + DEFAULT_BASE_URL, URI.create(DEFAULT_BASE_URL));
            Integer batchSize = optional(BATCH_SIZE, v -> wholeNumberIn(v, 1, MAX_BATCH_SIZE),
                    "a whole number from 1 to " + MAX_BATCH_SIZE,
                    "fix it, or leave it unset for " + DEFAULT_BATCH_SIZE, DEFAULT_BATCH_SIZE);
            String prefix = optional(PREFIX, v -> PREFIX_PATTERN.matcher(v).matches() ? v : null,
                    "lower-case dot-separated words of [a-z0-9_], like cognito or myapp.cognito",
                    "fix it, or leave it unset for '" + Catalog.DEFAULT_PREFIX + "'", Catalog.DEFAULT_PREFIX);
            List<CognitoActivity> activities = activities();
            String legacyClient = legacyClient(clients, activities);
            Integer period = optional(PERIOD, v -> v.equals("60") || v.equals("300") ? Integer.valueOf(v) : null,
                    "60 or 300 seconds (Duration.minutes(1) or Duration.minutes(5))",
                    "fix it, or leave it unset for " + DEFAULT_PERIOD_SECONDS, DEFAULT_PERIOD_SECONDS);
            Integer lookback = multipleOfPeriod(LOOKBACK, period, period, "one period",
                    DEFAULT_LOOKBACK_SECONDS);
            Boolean zeroFill = optional(ZERO_FILL, ExporterSettings::bool, "true or false",
                    "fix it, or leave it unset for " + DEFAULT_ZERO_FILL, DEFAULT_ZERO_FILL);
            Boolean heartbeat = optional(HEARTBEAT, ExporterSettings::bool, "true or false",
                    "fix it, or leave it unset for " + DEFAULT_HEARTBEAT, DEFAULT_HEARTBEAT);
            Integer catchUp = multipleOfPeriod(CATCH_UP_MAX_AGE, period, lookback, "the lookback",
                    DEFAULT_CATCH_UP_MAX_AGE_SECONDS);
            if (!problems.isEmpty() || partial) {
                return null;
            }
            return new ExporterConfig(userPoolId, clients, serviceName, apiKeyParameter, baseUrl, prefix, activities,
                    Optional.ofNullable(legacyClient), period, lookback, zeroFill, batchSize, heartbeat, catchUp);
        }

        private interface Rule<T> {
            /** The typed value, or null when the value breaks the rule. */
            T apply(String value);
        }

        private String prop(String key) {
            return setting(key).map(Setting::prop).orElse(key);
        }

        private String name(String key) {
            return "'" + prop(key) + "' (setting " + key + ")";
        }

        private void bad(String key, String rule, String value, String fix) {
            problems.add(new Problem(key, prop(key), name(key) + " must be " + rule + ", got '" + value + "': " + fix));
        }

        /** The value of a key, or null when absent or unresolved (then noted as partial). */
        private String value(String key) {
            String value = raw.get(key);
            if (value != null && unresolved.test(value)) {
                partial = true;
                return null;
            }
            return value;
        }

        private <T> T required(String key, String what, Rule<T> rule, String ruleText, String fix) {
            if (!raw.containsKey(key) || raw.get(key) == null) {
                problems.add(new Problem(key, prop(key), name(key) + " is required: set it to " + what));
                return null;
            }
            return parsed(key, rule, ruleText, fix);
        }

        private <T> T optional(String key, Rule<T> rule, String ruleText, String fix, T defaultValue) {
            if (raw.get(key) == null) {
                return defaultValue;
            }
            return parsed(key, rule, ruleText, fix);
        }

        /** The present setting {@code key} through {@code rule}; null, with a problem, when the rule refuses it. */
        private <T> T parsed(String key, Rule<T> rule, String ruleText, String fix) {
            String value = value(key);
            if (value == null) {
                return null;
            }
            T parsed = rule.apply(value);
            if (parsed == null) {
                bad(key, ruleText, value, fix);
            }
            return parsed;
        }

        private String apiKeyParameter() {
            if (raw.get(API_KEY_PARAMETER) == null) {
                problems.add(new Problem(API_KEY_PARAMETER, prop(API_KEY_PARAMETER), name(API_KEY_PARAMETER)
                        + " is required: set it to the name of the SecureString parameter that holds the Mackerel "
                        + "API key"));
                return null;
            }
            String value = value(API_KEY_PARAMETER);
            if (value == null) {
                return null;
            }
            Optional<String> problem = parameterNameProblem(value);
            if (problem.isPresent()) {
                // Never quote the value: it may be the key itself.
                problems.add(new Problem(API_KEY_PARAMETER, prop(API_KEY_PARAMETER), name(API_KEY_PARAMETER)
                        + " must be the name of the SSM SecureString parameter that holds the Mackerel API key, like "
                        + "/mackerel/api-key (levels of [A-Za-z0-9_.-] separated by '/', not an ARN), got "
                        + problem.get()));
                return null;
            }
            return value;
        }

        private SortedMap<String, String> clients() {
            SortedMap<String, String> clients = new TreeMap<>();
            Map<String, String> aliasByClientId = new HashMap<>();
            for (String key : new TreeMap<>(raw).keySet()) {
                if (!key.startsWith(CLIENT_PREFIX)) {
                    continue;
                }
                String alias = key.substring(CLIENT_PREFIX.length());
                if (!ALIAS.matcher(alias).matches() || RESERVED_ALIASES.contains(alias)) {
                    problems.add(new Problem(key, "clients", "'clients' alias '" + alias + "' (setting " + key
                            + ") must match [a-z0-9][a-z0-9_]{0,62} and must not be 'total' (the sum over all "
                            + "clients) or 'admin' (Cognito's client for administrator actions): choose another "
                            + "alias"));
                    continue;
                }
                String clientId = value(key);
                if (clientId == null) {
                    continue;
                }
                if (!CLIENT_ID.matcher(clientId).matches()) {
                    problems.add(new Problem(key, "clients", "'clients' alias '" + alias + "' (setting " + key
                            + ") must name an app client id (1-128 letters, digits, '_' or '+'), got '" + clientId
                            + "': use the client id shown in the Cognito console"));
                    continue;
                }
                String other = aliasByClientId.putIfAbsent(clientId, alias);
                if (other != null) {
                    problems.add(new Problem(key, "clients", "'clients' maps aliases '" + other + "' and '" + alias
                            + "' (settings " + CLIENT_PREFIX + other + ", " + key + ") to the same app client '"
                            + clientId + "': give each client one alias"));
                    continue;
                }
                clients.put(alias, clientId);
            }
            return clients;
        }

        private List<CognitoActivity> activities() {
            if (raw.get(ACTIVITIES) == null) {
                return DEFAULT_ACTIVITIES;
            }
            String value = value(ACTIVITIES);
            if (value == null) {
                return null;
            }
            EnumSet<CognitoActivity> chosen = EnumSet.noneOf(CognitoActivity.class);
            Set<String> seen = new LinkedHashSet<>();
            String why = null;
            for (String id : value.split(",", -1)) {
                Optional<CognitoActivity> activity = CognitoActivity.fromId(id);
                if (id.isEmpty()) {
                    why = value.isEmpty() ? "no activity" : "an empty item";
                } else if (activity.isEmpty()) {
                    why = "'" + id + "' is not an activity";
                } else if (!seen.add(id)) {
                    why = "'" + id + "' is listed twice";
                } else {
                    chosen.add(activity.get());
                    continue;
                }
                break;
            }
            if (why != null) {
                bad(ACTIVITIES, "a comma-separated list of sign_up, sign_in, token_refresh, federation with at "
                        + "least one and none twice (" + why + ")", value,
                        "fix it, or leave it unset to export all four");
                return null;
            }
            return List.copyOf(chosen);
        }

        private String legacyClient(SortedMap<String, String> clients, List<CognitoActivity> activities) {
            if (raw.get(LEGACY_CLIENT) == null) {
                return null;
            }
            String value = value(LEGACY_CLIENT);
            if (value == null) {
                // Unknown until deploy, but the legacy names are sign-in values whichever client it names.
                requireSignIn(activities);
                return null;
            }
            Set<String> aliases = new java.util.TreeSet<>();
            for (String key : raw.keySet()) {
                if (key.startsWith(CLIENT_PREFIX)) {
                    aliases.add(key.substring(CLIENT_PREFIX.length()));
                }
            }
            if (!value.equals(Catalog.TOTAL) && !aliases.contains(value)) {
                bad(LEGACY_CLIENT, "'total' or an alias from 'clients' " + aliases, value,
                        "fix it, or leave it unset to post no legacy names");
                return null;
            }
            return requireSignIn(activities) ? value : null;
        }

        /** The legacy names are sign-in values: without sign_in they would silently never be posted. */
        private boolean requireSignIn(List<CognitoActivity> activities) {
            if (activities != null && !activities.contains(CognitoActivity.SIGN_IN)) {
                problems.add(new Problem(LEGACY_CLIENT, prop(LEGACY_CLIENT), name(LEGACY_CLIENT) + " needs sign_in "
                        + "in " + name(ACTIVITIES) + " (the original script's names are sign-in values), got "
                        + "activities '" + raw.get(ACTIVITIES) + "': add SIGN_IN to 'activities' or unset "
                        + "'legacyMetricNamesClient'"));
                return false;
            }
            return true;
        }

        /** A whole number of seconds that is a multiple of the period, from {@code min} to the maximum age. */
        private Integer multipleOfPeriod(String key, Integer period, Integer min, String minText, int defaultValue) {
            if (raw.get(key) == null) {
                if (min != null && defaultValue < min) {
                    // Only possible for the catch-up default below a longer lookback: not the case, the default is
                    // the maximum; kept so a changed default cannot break this silently.
                    bad(key, "at least " + minText + " (" + min + ")", String.valueOf(defaultValue), "set it");
                }
                return defaultValue;
            }
            String value = value(key);
            if (value == null) {
                return null;
            }
            Integer seconds = wholeNumberIn(value, 1, Integer.MAX_VALUE);
            if (period == null || min == null) {
                // The bounds depend on a value that is unknown or already reported; check what can be checked.
                if (seconds == null || seconds > MAX_AGE_SECONDS) {
                    bad(key, "a whole number of seconds, at most " + MAX_AGE_SECONDS + " (23 hours 30 minutes: "
                            + "Mackerel keeps 24 hours, less a 30-minute margin)", value, "shorten it");
                    return null;
                }
                return seconds;
            }
            if (seconds == null || seconds % period != 0 || seconds < min || seconds > MAX_AGE_SECONDS) {
                bad(key, "a whole multiple of the period (" + period + " s) from " + minText + " (" + min
                        + " s) to " + MAX_AGE_SECONDS + " seconds (23 hours 30 minutes: Mackerel keeps 24 hours, "
                        + "less a 30-minute margin, so an older period would be dropped)", value,
                        "fix it, or leave it unset for " + defaultValue);
                return null;
            }
            return seconds;
        }
    }

    private static Integer wholeNumberIn(String value, int min, int max) {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            return null;
        }
        int n = Integer.parseInt(value);
        return n >= min && n <= max ? n : null;
    }

    private static Boolean bool(String value) {
        return value.equals("true") ? Boolean.TRUE : value.equals("false") ? Boolean.FALSE : null;
    }
}
