package io.github.cognitomackerel.runtime.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns the parameters found under a path into a {@link Config}, or one {@link ConfigException} listing every
 * problem. Each problem names the full parameter name, the bad value and the fix. Pure: no AWS calls.
 */
public final class ConfigParser {

    public static final String USER_POOL_ID = "user-pool-id";
    public static final String CLIENTS = "clients/";
    public static final String SERVICE_NAME = "mackerel-service-name";
    public static final String API_KEY_PARAMETER = "mackerel-api-key-parameter";
    public static final String BASE_URL = "mackerel-api-base-url";
    public static final String PREFIX = "metric-name-prefix";
    public static final String ACTIVITIES = "activities";
    public static final String LEGACY_CLIENT = "legacy-metric-names-client";
    public static final String PERIOD = "period-seconds";
    public static final String LOOKBACK = "lookback-seconds";
    public static final String ZERO_FILL = "zero-fill";
    public static final String BATCH_SIZE = "mackerel-batch-size";
    public static final String HEARTBEAT = "heartbeat";
    public static final String CATCH_UP_MAX_AGE = "catch-up-max-age-seconds";

    public static final String DEFAULT_BASE_URL = "https://api.mackerelio.com/";
    public static final int DEFAULT_PERIOD = 300;
    public static final int DEFAULT_LOOKBACK = 900;
    public static final int MAX_LOOKBACK = 86_400;
    public static final int DEFAULT_BATCH_SIZE = 1000;
    public static final int MAX_BATCH_SIZE = 5000;
    /** The furthest back a catch-up may reach: what Mackerel keeps, less {@link Exporter#RETENTION_MARGIN}. */
    public static final int MAX_CATCH_UP_MAX_AGE = (int) Exporter.MACKEREL_RETENTION.minus(Exporter.RETENTION_MARGIN)
            .toSeconds();

    private static final List<String> KNOWN = List.of(USER_POOL_ID, CLIENTS + "<alias>", SERVICE_NAME,
            API_KEY_PARAMETER, BASE_URL, PREFIX, ACTIVITIES, LEGACY_CLIENT, PERIOD, LOOKBACK, ZERO_FILL, BATCH_SIZE, HEARTBEAT,
            CATCH_UP_MAX_AGE);

    private static final Pattern PATH = Pattern.compile("(/[a-zA-Z0-9_.\\-]+)+");
    private static final Pattern USER_POOL = Pattern.compile("[\\w-]+_[0-9a-zA-Z]+");
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9][a-z0-9_]{0,62}");
    private static final Pattern CLIENT_ID = Pattern.compile("[\\w+]{1,128}");
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,62}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]{1,2048}");
    private static final Pattern PARAMETER_ARN =
            Pattern.compile("arn:[a-z-]+:ssm:[a-z0-9-]+:[0-9]{12}:parameter/[a-zA-Z0-9_.\\-/]+");
    private static final Pattern PREFIX_PATTERN = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");

    private ConfigParser() {
    }

    /**
     * Checks a parameter path P: it starts with {@code /}, has no trailing {@code /} and only SSM name characters.
     *
     * @return empty when valid, else what is wrong (mentioning {@code source}, e.g. the env variable)
     */
    public static Optional<String> checkPath(String source, String path) {
        if (path != null && PATH.matcher(path).matches()) {
            return Optional.empty();
        }
        return Optional.of(source + " must be an SSM parameter path like /cognito-mackerel/prod (starting with '/', "
                + "without a trailing '/'), got '" + path + "'");
    }

    /**
     * Validates the parameters found under {@code path}.
     *
     * @param path P, already checked with {@link #checkPath}
     * @param parameters every parameter {@code GetParametersByPath} returned (recursive), full names
     * @throws ConfigException naming every problem
     */
    public static Config parse(String path, List<SsmParameter> parameters) {
        return new Parsing(path, parameters).parse();
    }

    private static final class Parsing {
        private final String path;
        private final List<SsmParameter> parameters;
        private final Map<String, SsmParameter> byRelativeName = new LinkedHashMap<>();
        private final Set<String> unusable = new HashSet<>();
        private final List<String> problems = new ArrayList<>();

        Parsing(String path, List<SsmParameter> parameters) {
            this.path = path;
            this.parameters = parameters;
        }

        private String full(String relative) {
            return path + "/" + relative;
        }

        Config parse() {
            if (parameters.isEmpty()) {
                throw new ConfigException(List.of("No parameters found under " + path + ": create "
                        + full(USER_POOL_ID) + ", " + full(SERVICE_NAME) + " and " + full(API_KEY_PARAMETER)
                        + " as String parameters, or fix the parameter path"));
            }
            List<String> nameProblems = sortOut();
            String userPoolId = required(USER_POOL_ID, "the Cognito user pool id, e.g. ap-northeast-1_AbCdEf123",
                    this::checkUserPoolId);
            SortedMap<String, String> clients = clients();
            String serviceName = required(SERVICE_NAME, "the name of an existing Mackerel service",
                    this::checkServiceName);
            String apiKeyParameter = required(API_KEY_PARAMETER, "the name of the SecureString parameter that "
                    + "holds the Mackerel API key", this::checkApiKeyParameter);
            URI baseUrl = baseUrl();
            String prefix = optional(PREFIX, this::checkPrefix, Catalog.DEFAULT_PREFIX);
            List<Activity> activities = optional(ACTIVITIES, this::checkActivities, List.of(Activity.values()));
            String legacyClient = optional(LEGACY_CLIENT, v -> checkLegacyClient(v, clients, activities), null);
            Integer period = optional(PERIOD, this::checkPeriod, DEFAULT_PERIOD);
            Integer lookback = period == null ? null
                    : optional(LOOKBACK, v -> checkLookback(v, period), DEFAULT_LOOKBACK);
            Boolean zeroFill = optional(ZERO_FILL, this::checkZeroFill, Boolean.TRUE);
            Integer batchSize = optional(BATCH_SIZE, this::checkBatchSize, DEFAULT_BATCH_SIZE);
            Boolean heartbeat = optional(HEARTBEAT, this::checkHeartbeat, Boolean.TRUE);
            Integer catchUpMaxAge = optional(CATCH_UP_MAX_AGE, this::checkCatchUpMaxAge, MAX_CATCH_UP_MAX_AGE);
            problems.addAll(nameProblems);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return new Config(path, userPoolId, clients, serviceName, apiKeyParameter, baseUrl, prefix, activities,
                    Optional.ofNullable(legacyClient), period, lookback, zeroFill, batchSize, heartbeat, catchUpMaxAge);
        }

        private interface Check<T> {
            /** The parsed value, or null after adding a problem. */
            T apply(String value);
        }

        private <T> T required(String relative, String what, Check<T> check) {
            SsmParameter parameter = byRelativeName.get(relative);
            if (parameter == null && unusable.contains(relative)) {
                return null;
            }
            if (parameter == null) {
                problems.add("Parameter " + full(relative) + " is missing: create it as a String parameter holding "
                        + what);
                return null;
            }
            return check.apply(parameter.value().strip());
        }

        /**
         * An optional setting: the default when absent, the checked value when valid, null (after adding a
         * problem) when invalid.
         */
        private <T> T optional(String relative, Check<T> check, T defaultValue) {
            SsmParameter parameter = byRelativeName.get(relative);
            return parameter == null ? defaultValue : check.apply(parameter.value().strip());
        }

        private String raw(String relative) {
            return byRelativeName.get(relative).value();
        }

        private <T> T bad(String relative, String rule, String fix) {
            problems.add("Parameter " + full(relative) + " must be " + rule + ", got '" + raw(relative) + "': " + fix);
            return null;
        }

        private String checkUserPoolId(String value) {
            if (value.length() <= 55 && USER_POOL.matcher(value).matches()) {
                return value;
            }
            return bad(USER_POOL_ID, "a Cognito user pool id like ap-northeast-1_AbCdEf123",
                    "set it to the id shown in the Cognito console");
        }

        private String checkServiceName(String value) {
            if (SERVICE.matcher(value).matches()) {
                return value;
            }
            return bad(SERVICE_NAME, "2-63 characters of [A-Za-z0-9_-] not starting with '-' or '_'",
                    "set it to the name of an existing Mackerel service");
        }

        private String checkApiKeyParameter(String value) {
            if (PARAMETER_NAME.matcher(value).matches() || PARAMETER_ARN.matcher(value).matches()) {
                return value;
            }
            return bad(API_KEY_PARAMETER, "the name of an SSM parameter like /mackerel/api-key",
                    "set it to the name of the SecureString parameter that holds the Mackerel API key");
        }

        private SortedMap<String, String> clients() {
            SortedMap<String, String> clients = new TreeMap<>();
            Map<String, String> aliasByClientId = new HashMap<>();
            for (Map.Entry<String, SsmParameter> entry : byRelativeName.entrySet()) {
                String relative = entry.getKey();
                if (!relative.startsWith(CLIENTS)) {
                    continue;
                }
                String alias = relative.substring(CLIENTS.length());
                if (!ALIAS.matcher(alias).matches() || alias.equals(Catalog.TOTAL)) {
                    problems.add("Parameter " + full(relative) + " has an invalid alias '" + alias + "': aliases must "
                            + "match [a-z0-9][a-z0-9_]{0,62} and must not be 'total': rename the parameter");
                    continue;
                }
                String clientId = entry.getValue().value().strip();
                if (!CLIENT_ID.matcher(clientId).matches()) {
                    bad(relative, "an app client id (1-128 letters, digits, '_' or '+')",
                            "set it to the client id shown in the Cognito console");
                    continue;
                }
                String other = aliasByClientId.putIfAbsent(clientId, alias);
                if (other != null) {
                    String first = other.compareTo(alias) < 0 ? other : alias;
                    String second = other.compareTo(alias) < 0 ? alias : other;
                    problems.add("Parameters " + full(CLIENTS + first) + " and " + full(CLIENTS + second)
                            + " both name app client '" + clientId + "': delete one of them");
                    continue;
                }
                clients.put(alias, clientId);
            }
            return clients;
        }

        private URI baseUrl() {
            SsmParameter parameter = byRelativeName.get(BASE_URL);
            if (parameter == null) {
                return URI.create(DEFAULT_BASE_URL);
            }
            String text = parameter.value().strip();
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                if (("https".equals(scheme) || "http".equals(scheme)) && uri.getHost() != null
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null) {
                    return text.endsWith("/") ? uri : new URI(text + "/");
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            return bad(BASE_URL, "an http(s) URL like " + DEFAULT_BASE_URL,
                    "fix it or delete it to use " + DEFAULT_BASE_URL);
        }

        private String checkPrefix(String value) {
            if (PREFIX_PATTERN.matcher(value).matches()) {
                return value;
            }
            return bad(PREFIX, "dot-separated segments of [a-z0-9_] like cognito or myapp.cognito",
                    "fix it or delete it to use '" + Catalog.DEFAULT_PREFIX + "'");
        }

        private List<Activity> checkActivities(String value) {
            EnumSet<Activity> chosen = EnumSet.noneOf(Activity.class);
            Set<String> seen = new LinkedHashSet<>();
            String why = null;
            for (String item : value.split(",", -1)) {
                String id = item.strip();
                Optional<Activity> activity = Activity.fromId(id);
                if (id.isEmpty()) {
                    why = "an empty item";
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
            if (why == null) {
                return List.copyOf(chosen);
            }
            problems.add("Parameter " + full(ACTIVITIES) + " must be a comma-separated list of sign_up, sign_in, "
                    + "token_refresh, federation without duplicates, got '" + raw(ACTIVITIES) + "' (" + why
                    + "): fix it or delete it to export all four");
            return null;
        }

        private String checkLegacyClient(String value, SortedMap<String, String> clients, List<Activity> activities) {
            if (!value.equals(Catalog.TOTAL) && !clients.containsKey(value)) {
                return bad(LEGACY_CLIENT, "an alias defined under " + full(CLIENTS) + " or 'total'",
                        "fix it or delete it to turn the legacy names off");
            }
            if (activities != null && !activities.contains(Activity.SIGN_IN)) {
                // A valid legacy client with sign_in not exported would silently post nothing.
                problems.add("Parameter " + full(LEGACY_CLIENT) + " needs sign_in in " + full(ACTIVITIES)
                        + ", got '" + raw(ACTIVITIES) + "': add sign_in to " + full(ACTIVITIES) + " or delete "
                        + full(LEGACY_CLIENT));
                return null;
            }
            return value;
        }

        private Integer checkPeriod(String value) {
            if (value.equals("60") || value.equals("300")) {
                return Integer.valueOf(value);
            }
            return bad(PERIOD, "60 or 300", "fix it or delete it to use " + DEFAULT_PERIOD);
        }

        private Integer checkLookback(String value, int period) {
            if (WHOLE_NUMBER.matcher(value).matches()) {
                int lookback = Integer.parseInt(value);
                if (lookback >= period && lookback <= MAX_LOOKBACK && lookback % period == 0) {
                    return lookback;
                }
            }
            return bad(LOOKBACK, "a multiple of the period (" + period + ") from " + period + " to " + MAX_LOOKBACK,
                    "fix it or delete it to use " + DEFAULT_LOOKBACK);
        }

        private Boolean checkZeroFill(String value) {
            if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
            }
            return bad(ZERO_FILL, "true or false", "fix it or delete it to use true");
        }

        private Boolean checkHeartbeat(String value) {
            if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
            }
            return bad(HEARTBEAT, "true or false", "fix it or delete it to use true");
        }

        private Integer checkCatchUpMaxAge(String value) {
            if (WHOLE_NUMBER.matcher(value).matches()) {
                int seconds = Integer.parseInt(value);
                if (seconds <= MAX_CATCH_UP_MAX_AGE) {
                    return seconds;
                }
            }
            return bad(CATCH_UP_MAX_AGE, "a whole number of seconds from 0 (no catch-up) to " + MAX_CATCH_UP_MAX_AGE
                    + " (what Mackerel keeps, 24 hours, less a margin of "
                    + Exporter.RETENTION_MARGIN.toMinutes() + " minutes)",
                    "fix it or delete it to use " + MAX_CATCH_UP_MAX_AGE);
        }

        private Integer checkBatchSize(String value) {
            if (WHOLE_NUMBER.matcher(value).matches()) {
                int size = Integer.parseInt(value);
                if (size >= 1 && size <= MAX_BATCH_SIZE) {
                    return size;
                }
            }
            return bad(BATCH_SIZE, "a whole number from 1 to " + MAX_BATCH_SIZE,
                    "fix it or delete it to use " + DEFAULT_BATCH_SIZE);
        }

        /**
         * Keeps the settings worth checking in {@link #byRelativeName}. Leaves out the API key's own parameter when
         * it lives under P, and reports unknown names and SecureString settings (whose encrypted value is useless).
         */
        private List<String> sortOut() {
            SsmParameter keyParameter = null;
            for (SsmParameter parameter : parameters) {
                if (parameter.name().equals(full(API_KEY_PARAMETER))
                        && parameter.type() != SsmParameter.Type.SECURE_STRING) {
                    keyParameter = parameter;
                }
            }
            String keyName = keyParameter == null ? null : keyParameter.value().strip();
            List<String> nameProblems = new ArrayList<>();
            for (SsmParameter parameter : parameters) {
                String name = parameter.name();
                if (!name.startsWith(path + "/") || name.equals(keyName)) {
                    continue;
                }
                String relative = name.substring(path.length() + 1);
                if (!relative.startsWith(CLIENTS) && !KNOWN.contains(relative)) {
                    nameProblems.add("Parameter " + name + " is not a known setting: delete it or fix its name"
                            + " (known: " + String.join(", ", KNOWN) + ")");
                } else if (parameter.type() == SsmParameter.Type.SECURE_STRING) {
                    nameProblems.add("Parameter " + name + " is a SecureString: configuration parameters must be "
                            + "String parameters: recreate it with --type String");
                    unusable.add(relative);
                } else {
                    byRelativeName.put(relative, parameter);
                }
            }
            return nameProblems;
        }
    }
}
