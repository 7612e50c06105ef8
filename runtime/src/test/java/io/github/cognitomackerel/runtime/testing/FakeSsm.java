package io.github.cognitomackerel.runtime.testing;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * A local AWS Systems Manager Parameter Store that answers {@code GetParametersByPath}, {@code GetParameter},
 * {@code GetParameters} and {@code PutParameter} over AWS JSON 1.1, the protocol the AWS SDK for Java 2.x uses for SSM.
 *
 * <p>Point a real {@code SsmClient} at {@link #endpoint()} (with any static credentials and region) and seed it with
 * {@link #putParameter}. Parameter ARNs use the request's signing region and the account {@value #ACCOUNT_ID}.
 *
 * <p>What it checks (a failing check answers HTTP 400 {@code ValidationException} and is recorded in
 * {@link #violations()}): {@code POST /}, {@code Content-Type: application/x-amz-json-1.1},
 * {@code X-Amz-Target: AmazonSSM.<Op>}, a SigV4 {@code Authorization} for the {@code ssm} service, a JSON object body
 * with only known members of the right types; a {@code Path} that starts with {@code /} and has at most 15 levels;
 * {@code MaxResults} in 1..10; 1..10 {@code Names}; a {@code NextToken} issued for the same request. Other operations
 * answer {@code UnknownOperationException}.
 *
 * <p>Like the real service: {@code GetParametersByPath} returns at most 10 parameters a page; without
 * {@code Recursive} it returns only the path's direct children; a {@code SecureString} comes back in plain text only
 * with {@code WithDecryption=true}, otherwise as an opaque ciphertext-like string; a missing parameter is
 * {@code ParameterNotFound} for {@code GetParameter} (not a violation) and listed in {@code InvalidParameters} for
 * {@code GetParameters}.
 */
public final class FakeSsm implements AutoCloseable {

    /** The account id in parameter ARNs. */
    public static final String ACCOUNT_ID = "123456789012";
    /** The most parameters one {@code GetParametersByPath} or {@code GetParameters} call handles, as in SSM. */
    public static final int MAX_RESULTS = 10;

    private static final String TARGET_PREFIX = "AmazonSSM.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String GET_PARAMETERS_BY_PATH = "GetParametersByPath";
    private static final String GET_PARAMETER = "GetParameter";
    private static final String GET_PARAMETERS = "GetParameters";
    private static final String PUT_PARAMETER = "PutParameter";
    private static final Set<String> OPERATIONS = Set.of(GET_PARAMETERS_BY_PATH, GET_PARAMETER, GET_PARAMETERS,
            PUT_PARAMETER);
    /** The longest value of a Standard parameter, in characters. */
    public static final int MAX_STANDARD_VALUE = 4096;
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_.\\-/]+$");
    private static final int MAX_DEPTH = 15;

    private final java.util.Deque<HttpFake.Delivery> stalls = new java.util.ArrayDeque<>();
    private final Object lock = new Object();
    private final TreeMap<String, Parameter> parameters = new TreeMap<>();
    private final HttpFake http;

    private FakeSsm() {
        this.http = HttpFake.start("FakeSsm", this::handle);
    }

    /** Starts a fake SSM on 127.0.0.1 and an ephemeral port. */
    public static FakeSsm start() {
        return new FakeSsm();
    }

    /** The base URI to give the SDK's {@code endpointOverride}, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        return http.endpoint();
    }

    /** Creates or overwrites a {@code String} parameter; returns its new version. */
    public long putParameter(String name, String value) {
        return putParameter(name, value, ParameterType.STRING);
    }

    /**
     * Creates or overwrites a parameter (like {@code PutParameter} with {@code Overwrite=true}); returns its new
     * version, 1 for a new parameter.
     *
     * @param name a valid SSM name: {@code [a-zA-Z0-9_.-/]}, and when hierarchical, starting with {@code /}
     * @throws IllegalArgumentException for an invalid name, an empty value or an unknown type
     */
    public long putParameter(String name, String value, ParameterType type) {
        Objects.requireNonNull(type, "type");
        if (type == ParameterType.UNKNOWN_TO_SDK_VERSION) {
            throw new IllegalArgumentException("type must be String, StringList or SecureString");
        }
        String problem = nameProblem(name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("value of parameter " + name + " must not be empty");
        }
        synchronized (lock) {
            Parameter previous = parameters.get(name);
            long version = previous == null ? 1 : previous.version + 1;
            parameters.put(name, new Parameter(name, type, value, version,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            return version;
        }
    }

    /** Deletes a parameter; returns whether it existed. */
    public boolean deleteParameter(String name) {
        synchronized (lock) {
            return parameters.remove(name) != null;
        }
    }

    /**
     * Sends the headers of the next {@code times} successful answers, then waits {@code wait} before the body: a
     * stalled SSM, which the runtime must cut at its run's deadline.
     */
    public void stallAfterHeaders(java.time.Duration wait, int times) {
        synchronized (lock) {
            for (int i = 0; i < times; i++) {
                stalls.add(HttpFake.Delivery.stallAfterHeaders(wait));
            }
        }
    }

    /**
     * Makes the next valid call of {@code operation} (e.g. {@code GetParametersByPath}) fail with this error
     * instead of answering. Calls queue. Injected failures are not violations.
     *
     * @param status the HTTP status, e.g. 400 (the SDK retries 5xx and {@code ThrottlingException})
     * @param errorType the {@code __type}, e.g. {@code ThrottlingException}, {@code InternalServerError}
     */
    public void failNext(String operation, int status, String errorType, String message) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(errorType, "errorType");
        http.injectFailure(operation, new ServiceError(status, errorType, message, false));
    }

    /** How many requests for {@code operation} (e.g. {@code GetParametersByPath}) arrived, valid or not. */
    public int calls(String operation) {
        return http.calls(operation);
    }

    /** Every request received, in arrival order, with its decoded JSON body. */
    public List<RecordedRequest> requests() {
        return http.requests();
    }

    /** The requests for one operation (without the {@code AmazonSSM.} prefix), in arrival order. */
    public List<RecordedRequest> requests(String operation) {
        return http.requests(operation);
    }

    /** Every invalid or unsupported request, described; empty when the client behaved. */
    public List<String> violations() {
        return http.violations();
    }

    /** Stops the server. */
    @Override
    public void close() {
        http.close();
    }

    // ---------------------------------------------------------------------------------------------- wire handling

    private HttpFake.Response handle(HttpFake.Incoming in) {
        String target = in.header("X-Amz-Target");
        String operation = target != null && target.startsWith(TARGET_PREFIX)
                ? target.substring(TARGET_PREFIX.length()) : null;
        in.operation = operation;
        try {
            if (!"POST".equals(in.method) || !"/".equals(in.path)) {
                throw ServiceError.invalid("AWS JSON 1.1 requests are POST /, got " + in.method + " " + in.path);
            }
            if (operation == null || !OPERATIONS.contains(operation)) {
                throw new ServiceError(400, "UnknownOperationException", "the fake supports X-Amz-Target "
                        + TARGET_PREFIX + OPERATIONS + ", got " + target, true);
            }
            if (!CONTENT_TYPE.equals(in.header("Content-Type"))) {
                throw ServiceError.invalid("Content-Type must be " + CONTENT_TYPE + ", got "
                        + in.header("Content-Type"));
            }
            String region = in.sigV4Region("ssm");
            if (region == null) {
                throw new ServiceError(400, "IncompleteSignatureException",
                        "missing or malformed SigV4 Authorization for service 'ssm'", true);
            }
            Object decoded;
            try {
                decoded = Json.decode(in.body);
            } catch (IOException e) {
                throw new ServiceError(400, "SerializationException", "body is not valid JSON: " + e.getMessage(),
                        true);
            }
            in.decoded = decoded;
            Map<String, Object> request = Members.object(decoded, operation);
            Map<String, Object> response;
            switch (operation) {
                case GET_PARAMETERS_BY_PATH:
                    response = getParametersByPath(request, region);
                    break;
                case GET_PARAMETER:
                    response = getParameter(request, region);
                    break;
                case PUT_PARAMETER:
                    response = putParameter(request);
                    break;
                default:
                    response = getParameters(request, region);
                    break;
            }
            http.throwInjectedFailure(operation);
            HttpFake.Delivery delivery;
            synchronized (lock) {
                delivery = stalls.poll();
            }
            return delivery == null ? json(200, response) : json(200, response).delivered(delivery);
        } catch (ServiceError e) {
            if (e.violation) {
                http.violation(in, e.getMessage());
            }
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("__type", e.type == null ? "ValidationException" : e.type);
            error.put("message", e.getMessage());
            return json(e.status, error);
        }
    }

    private static HttpFake.Response json(int status, Map<String, Object> body) {
        return new HttpFake.Response(status, Map.of("Content-Type", CONTENT_TYPE,
                "x-amzn-RequestId", UUID.randomUUID().toString()), Json.encode(body));
    }

    // ------------------------------------------------------------------------------------------------- operations

    private Map<String, Object> getParametersByPath(Map<String, Object> request, String region) {
        String where = GET_PARAMETERS_BY_PATH;
        Members.onlyKnown(request, where, Set.of("Path", "Recursive", "WithDecryption", "MaxResults", "NextToken"),
                Set.of("ParameterFilters"));
        String path = Members.string(request, "Path", where, true);
        if (!path.startsWith("/") || path.length() > 2048 || path.contains("//")
                || !NAME.matcher(path).matches()) {
            throw ServiceError.invalid("The parameter doesn't meet the parameter name requirements: Path must"
                    + " begin with a forward slash \"/\" and contain only a-zA-Z0-9_.-/, got '" + path + "'");
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        if (prefix.chars().filter(c -> c == '/').count() - 1 > MAX_DEPTH) {
            throw ServiceError.invalid("The parameter hierarchy depth of Path is more than " + MAX_DEPTH
                    + " levels: '" + path + "'");
        }
        boolean recursive = Boolean.TRUE.equals(Members.bool(request, "Recursive", where));
        boolean decrypt = Boolean.TRUE.equals(Members.bool(request, "WithDecryption", where));
        Long maxResults = Members.integer(request, "MaxResults", where, false);
        if (maxResults != null && (maxResults < 1 || maxResults > MAX_RESULTS)) {
            throw ServiceError.invalid("1 validation error detected: Value '" + maxResults + "' at 'maxResults'"
                    + " failed to satisfy constraint: Member must have value between 1 and " + MAX_RESULTS);
        }
        int pageSize = maxResults == null ? MAX_RESULTS : maxResults.intValue();
        String nextToken = Members.string(request, "NextToken", where, false);

        List<Parameter> matches = new ArrayList<>();
        synchronized (lock) {
            for (Parameter parameter : parameters.tailMap(prefix, true).values()) {
                if (!parameter.name.startsWith(prefix)) {
                    break;
                }
                if (recursive || parameter.name.indexOf('/', prefix.length()) < 0) {
                    matches.add(parameter);
                }
            }
        }
        String fingerprint = Tokens.fingerprint(where, request, "NextToken", "MaxResults");
        int pageStart = 0;
        if (nextToken != null) {
            pageStart = Tokens.decode(nextToken, fingerprint);
            if (pageStart < 0 || pageStart > matches.size()) {
                throw new ServiceError(400, "InvalidNextToken", "The specified token isn't valid.", true);
            }
        }
        int pageEnd = Math.min(matches.size(), pageStart + pageSize);
        List<Object> page = new ArrayList<>();
        for (Parameter parameter : matches.subList(pageStart, pageEnd)) {
            page.add(parameter.toWire(decrypt, region));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Parameters", page);
        if (pageEnd < matches.size()) {
            response.put("NextToken", Tokens.encode(fingerprint, pageEnd));
        }
        return response;
    }

    private Map<String, Object> getParameter(Map<String, Object> request, String region) {
        String where = GET_PARAMETER;
        Members.onlyKnown(request, where, Set.of("Name", "WithDecryption"), Set.of());
        String name = Members.string(request, "Name", where, true);
        requestedName(name, where + ".Name");
        boolean decrypt = Boolean.TRUE.equals(Members.bool(request, "WithDecryption", where));
        Parameter parameter;
        synchronized (lock) {
            parameter = parameters.get(name);
        }
        if (parameter == null) {
            throw new ServiceError(400, "ParameterNotFound", "Parameter " + name + " not found.", false);
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Parameter", parameter.toWire(decrypt, region));
        return response;
    }

    /**
     * {@code PutParameter} as the SSM API reference documents it: {@code Name} and {@code Value} are required;
     * {@code Type} is required to create a parameter and may be left out to update one; an existing parameter is
     * replaced only with {@code Overwrite=true} (else {@code ParameterAlreadyExists}); {@code Tags} cannot be given
     * with {@code Overwrite}; a Standard value holds at most {@value #MAX_STANDARD_VALUE} characters. Answers the
     * new {@code Version} and the {@code Tier}. Names must be valid ({@code ValidationException}); only
     * {@code String} and {@code StringList} values are accepted without a KMS key (the fake has none for
     * {@code SecureString} writes, which it refuses as unsupported).
     */
    private Map<String, Object> putParameter(Map<String, Object> request) {
        String where = PUT_PARAMETER;
        Members.onlyKnown(request, where, Set.of("Name", "Value", "Type", "Overwrite", "Description", "Tier",
                "DataType"), Set.of("KeyId", "AllowedPattern", "Tags", "Policies"));
        String name = Members.string(request, "Name", where, true);
        String problem = nameProblem(name);
        if (problem != null) {
            throw ServiceError.invalid(where + ".Name: " + problem);
        }
        String value = Members.string(request, "Value", where, true);
        if (value.isEmpty() || value.length() > MAX_STANDARD_VALUE) {
            throw ServiceError.invalid("1 validation error detected: Value at 'value' failed to satisfy constraint:"
                    + " Member must have length between 1 and " + MAX_STANDARD_VALUE + ", got " + value.length());
        }
        String typeName = Members.string(request, "Type", where, false);
        ParameterType type = null;
        if (typeName != null) {
            type = ParameterType.fromValue(typeName);
            if (type == ParameterType.UNKNOWN_TO_SDK_VERSION) {
                throw ServiceError.invalid("1 validation error detected: Value '" + typeName + "' at 'type' failed"
                        + " to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList,"
                        + " String]");
            }
            if (type == ParameterType.SECURE_STRING) {
                throw ServiceError.invalid("the fake does not support writing SecureString parameters");
            }
        }
        String tier = Members.string(request, "Tier", where, false);
        if (tier != null && !tier.equals("Standard")) {
            throw ServiceError.invalid("the fake supports only the Standard tier, got '" + tier + "'");
        }
        String dataType = Members.string(request, "DataType", where, false);
        if (dataType != null && !dataType.equals("text")) {
            throw ServiceError.invalid("the fake supports only DataType text, got '" + dataType + "'");
        }
        Members.string(request, "Description", where, false);
        boolean overwrite = Boolean.TRUE.equals(Members.bool(request, "Overwrite", where));
        long version;
        synchronized (lock) {
            Parameter previous = parameters.get(name);
            if (previous != null && !overwrite) {
                throw new ServiceError(400, "ParameterAlreadyExists", "The parameter already exists. To overwrite"
                        + " this value, set the overwrite option in the request to true.", false);
            }
            if (previous == null && type == null) {
                throw new ServiceError(400, "ValidationException", "A parameter type is required when you create a"
                        + " parameter.", false);
            }
            ParameterType stored = type != null ? type : previous.type;
            if (previous != null && previous.type == ParameterType.SECURE_STRING) {
                throw ServiceError.invalid("the fake does not support writing SecureString parameters");
            }
            version = previous == null ? 1 : previous.version + 1;
            parameters.put(name, new Parameter(name, stored, value, version,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS)));
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Version", version);
        response.put("Tier", "Standard");
        return response;
    }

    /** The stored value of a parameter, or {@code null} when it does not exist. */
    public String value(String name) {
        synchronized (lock) {
            Parameter parameter = parameters.get(name);
            return parameter == null ? null : parameter.value;
        }
    }

    /** The version of a parameter, or 0 when it does not exist. */
    public long version(String name) {
        synchronized (lock) {
            Parameter parameter = parameters.get(name);
            return parameter == null ? 0 : parameter.version;
        }
    }

    private Map<String, Object> getParameters(Map<String, Object> request, String region) {
        String where = GET_PARAMETERS;
        Members.onlyKnown(request, where, Set.of("Names", "WithDecryption"), Set.of());
        List<Object> names = Members.list(request, "Names", where, true);
        if (names.isEmpty() || names.size() > MAX_RESULTS) {
            throw ServiceError.invalid("1 validation error detected: Value at 'names' failed to satisfy"
                    + " constraint: Member must have length between 1 and " + MAX_RESULTS + ", got "
                    + names.size());
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (!(names.get(i) instanceof String)) {
                throw ServiceError.invalid(where + ".Names[" + i + "] must be a string, got "
                        + Members.describe(names.get(i)));
            }
            String name = (String) names.get(i);
            requestedName(name, where + ".Names[" + i + "]");
            unique.add(name);
        }
        boolean decrypt = Boolean.TRUE.equals(Members.bool(request, "WithDecryption", where));
        List<Object> found = new ArrayList<>();
        List<Object> invalid = new ArrayList<>();
        synchronized (lock) {
            // In name order, not the request's: the API reference promises no order, so a client must match by name
            for (String name : new java.util.TreeSet<>(unique)) {
                Parameter parameter = parameters.get(name);
                if (parameter == null) {
                    invalid.add(name);
                } else {
                    found.add(parameter.toWire(decrypt, region));
                }
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Parameters", found);
        response.put("InvalidParameters", invalid);
        return response;
    }

    private static void requestedName(String name, String where) {
        if (name.isEmpty() || name.length() > 2048) {
            throw ServiceError.invalid(where + " must be 1 to 2048 characters, got '" + name + "'");
        }
    }

    /** Why {@code name} is not a valid parameter name, or {@code null}. */
    private static String nameProblem(String name) {
        if (name == null || name.isEmpty() || name.length() > 1011 || !NAME.matcher(name).matches()) {
            return "parameter name must be 1 to 1011 characters of a-zA-Z0-9_.-/, got '" + name + "'";
        }
        if (name.contains("/") && (!name.startsWith("/") || name.endsWith("/") || name.contains("//"))) {
            return "a hierarchical parameter name must begin with '/' and not end with '/', got '" + name + "'";
        }
        if (name.chars().filter(c -> c == '/').count() > MAX_DEPTH) {
            return "parameter hierarchy is deeper than " + MAX_DEPTH + " levels: '" + name + "'";
        }
        String first = name.startsWith("/") ? name.substring(1) : name;
        if (first.toLowerCase(Locale.ROOT).startsWith("aws")
                || first.toLowerCase(Locale.ROOT).startsWith("ssm")) {
            return "parameter names beginning with 'aws' or 'ssm' are reserved, got '" + name + "'";
        }
        return null;
    }

    /** One stored parameter version. */
    private record Parameter(String name, ParameterType type, String value, long version, Instant lastModified) {

        Map<String, Object> toWire(boolean decrypt, String region) {
            Map<String, Object> wire = new LinkedHashMap<>();
            wire.put("Name", name);
            wire.put("Type", type.toString());
            wire.put("Value", type == ParameterType.SECURE_STRING && !decrypt ? ciphertext() : value);
            wire.put("Version", version);
            wire.put("LastModifiedDate", BigDecimal.valueOf(lastModified.toEpochMilli(), 3));
            wire.put("ARN", "arn:aws:ssm:" + region + ":" + ACCOUNT_ID + ":parameter"
                    + (name.startsWith("/") ? name : "/" + name));
            wire.put("DataType", "text");
            return wire;
        }

        /** What SSM returns for a SecureString read without decryption: base64 that reveals nothing. */
        private String ciphertext() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                        (name + "\n" + version + "\n" + value).getBytes(StandardCharsets.UTF_8));
                return "AQICAH" + Base64.getEncoder().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
