package io.github.cognitomackerel.runtime.internal.config;

import io.github.cognitomackerel.runtime.internal.ExportException;
import io.github.cognitomackerel.runtime.internal.Log;
import io.github.cognitomackerel.runtime.internal.run.RunStats;

import io.github.cognitomackerel.settings.ExporterConfig;
import io.github.cognitomackerel.settings.ConfigDocument;
import io.github.cognitomackerel.settings.ExporterSettings;
import io.github.cognitomackerel.settings.FunctionEnvironment;
import io.github.cognitomackerel.settings.Problem;
import io.github.cognitomackerel.settings.SettingsException;
import io.github.cognitomackerel.runtime.internal.Bounded;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Reads the configuration document and the API key from SSM Parameter Store (on a cold start, the configuration with
 * the progress parameter in one call).
 */
public final class ConfigLoader {

    /** The error codes of {@link #refusedBySsm}. */
    private static final Set<String> REFUSALS = Set.of("AccessDeniedException", "ValidationException");

    private final SsmClient ssm;

    /** A loader using this client. */
    public ConfigLoader(SsmClient ssm) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
    }

    /**
     * Reads the configuration document from its String parameter (one {@code GetParameter}, without decryption)
     * and checks it with {@link ExporterSettings#parse}, the rules the construct applied at synth.
     *
     * @param configParameter the parameter's name, already checked with
     *     {@link ExporterSettings#checkParameterName}
     * @throws ConfigException when the parameter is missing, not a String parameter, or its settings are wrong
     * @throws ExportException when SSM cannot be read
     */
    public ExporterConfig load(String configParameter, RunStats stats, Log log) {
        return load(configParameter, Bounded.MAX_AWS_CALL, stats, log);
    }

    /**
     * {@link #load(String, RunStats, Log)} within {@code timeLeft} (the run's deadline), at most
     * {@link Bounded#MAX_AWS_CALL}: the call is cut there, whatever SSM or the network does.
     */
    public ExporterConfig load(String configParameter, Duration timeLeft, RunStats stats, Log log) {
        GetParameterResponse response;
        try {
            stats.countSsmCall();
            response = Bounded.awsCall("the configuration parameter " + configParameter + " from SSM", timeLeft,
                    bound -> ssm.getParameter(r -> r.name(configParameter).withDecryption(false)
                            .overrideConfiguration(o -> o.apiCallTimeout(bound))));
        } catch (ParameterNotFoundException e) {
            throw missing(configParameter);
        } catch (SdkException e) {
            throw new ExportException("Could not read the configuration parameter " + configParameter + ": "
                    + e.getMessage(), e);
        }
        return check(configParameter, response.parameter(), log);
    }

    /**
     * What {@link #loadWith} read: the configuration, and the other parameter as SSM holds it (empty when SSM has no
     * parameter of that name).
     */
    public record WithOther(ExporterConfig config, Optional<Parameter> other) {
    }

    /**
     * {@link #load(String, Duration, RunStats, Log)}, and in the same call ({@code GetParameters} of both names,
     * without decryption) the parameter {@code other}, e.g. the progress parameter a cold start reads too: one round
     * trip instead of two. The configuration gets the same checks; {@code other} is returned as it is.
     *
     * @param otherRole what {@code other} is, for messages, e.g. {@code "the progress parameter"}
     * @throws ConfigException when the configuration parameter is missing, not a String parameter, or its settings
     *     are wrong
     * @throws ExportException when SSM cannot be read (the message names both parameters; see
     *     {@link #refusedBySsm})
     */
    public WithOther loadWith(String configParameter, String other, String otherRole, Duration timeLeft,
            RunStats stats, Log log) {
        String both = "the configuration parameter " + configParameter + " and " + otherRole + " " + other;
        GetParametersResponse response;
        try {
            stats.countSsmCall();
            response = Bounded.awsCall(both + " from SSM", timeLeft, bound -> ssm.getParameters(r -> r
                    .names(configParameter, other).withDecryption(false)
                    .overrideConfiguration(o -> o.apiCallTimeout(bound))));
        } catch (SdkException e) {
            throw new ExportException("Could not read " + both + " (one GetParameters call): " + e.getMessage(), e);
        }
        Parameter config = named(response, configParameter);
        if (config == null) {
            if (response.invalidParameters().contains(configParameter)) {
                throw missing(configParameter);
            }
            throw new ExportException("SSM answered the GetParameters call for " + both + " without the "
                    + "configuration parameter, and without listing it as missing: try again");
        }
        return new WithOther(check(configParameter, config, log), Optional.ofNullable(named(response, other)));
    }

    /**
     * Whether {@code e}, from {@link #loadWith}, is SSM refusing the combined request itself
     * ({@code AccessDeniedException}, e.g. under a permission boundary that allows {@code ssm:GetParameter} but not
     * {@code ssm:GetParameters}, or {@code ValidationException}, e.g. for a malformed progress parameter name):
     * reading the parameters one by one may then still work, or fail on the one parameter at fault. Not for
     * throttling, server errors, expired credentials or timeouts, which a second call would meet again.
     */
    public static boolean refusedBySsm(ExportException e) {
        return e.getCause() instanceof AwsServiceException refusal && refusal.awsErrorDetails() != null
                && REFUSALS.contains(refusal.awsErrorDetails().errorCode());
    }

    private static Parameter named(GetParametersResponse response, String name) {
        for (Parameter parameter : response.parameters()) {
            if (name.equals(parameter.name())) {
                return parameter;
            }
        }
        return null;
    }

    private static ConfigException missing(String configParameter) {
        return new ConfigException(List.of("Configuration parameter " + configParameter + " does not exist: "
                + "deploy the stack, or give the name its output ConfigParameterName shows (in "
                + FunctionEnvironment.CONFIG_PARAMETER + ", or --config-parameter on the command line)"));
    }

    /** The configuration in {@code parameter}, checked as the construct checked it at synth. */
    private static ExporterConfig check(String configParameter, Parameter parameter, Log log) {
        if (parameter.type() != ParameterType.STRING) {
            throw new ConfigException(List.of("Configuration parameter " + configParameter + " is a "
                    + parameter.typeAsString() + " parameter, but the configuration is a String parameter: give the "
                    + "name of the parameter the construct wrote (its stack output ConfigParameterName)"));
        }
        ExporterConfig config;
        try {
            config = ExporterSettings.parse(ConfigDocument.read(parameter.value() == null ? "" : parameter.value()));
        } catch (SettingsException e) {
            List<String> problems = new ArrayList<>();
            for (Problem problem : e.problems()) {
                problems.add("Configuration parameter " + configParameter + ": " + problem.message());
            }
            throw new ConfigException(problems);
        }
        log.debug(() -> "configuration from " + configParameter + ": " + config);
        return config;
    }

    /**
     * Reads the API key ({@code GetParameter} with decryption) from the SecureString parameter named by
     * the setting {@code mackerel-api-key-parameter} (prop {@code mackerelApiKeyParameterName}).
     *
     * @throws ExportException when it is missing, empty, not a SecureString or cannot be read
     */
    public ApiKey apiKey(ExporterConfig config, RunStats stats) {
        return apiKey(config, Bounded.MAX_AWS_CALL, stats);
    }

    /** {@link #apiKey(ExporterConfig, RunStats)} within {@code timeLeft}, at most {@link Bounded#MAX_AWS_CALL}. */
    public ApiKey apiKey(ExporterConfig config, Duration timeLeft, RunStats stats) {
        return apiKey(config.apiKeyParameter(), "the setting " + ExporterSettings.API_KEY_PARAMETER
                + " (prop mackerelApiKeyParameterName)", timeLeft, stats);
    }

    /**
     * Reads the API key ({@code GetParameter} with decryption) from the SecureString parameter {@code name}, with
     * the same checks; the custom-resource handler's way in, which has no configuration document.
     *
     * @param namedBy what names the parameter, shown in messages
     * @throws ExportException when it is missing, empty, not a SecureString or cannot be read
     */
    public ApiKey apiKey(String name, String namedBy, RunStats stats) {
        return apiKey(name, namedBy, Bounded.MAX_AWS_CALL, stats);
    }

    /** {@link #apiKey(String, String, RunStats)} within {@code timeLeft}, at most {@link Bounded#MAX_AWS_CALL}. */
    public ApiKey apiKey(String name, String namedBy, Duration timeLeft, RunStats stats) {
        GetParameterResponse response;
        try {
            stats.countSsmCall();
            response = Bounded.awsCall("the API key parameter " + name + " from SSM", timeLeft,
                    bound -> ssm.getParameter(r -> r.name(name).withDecryption(true)
                            .overrideConfiguration(o -> o.apiCallTimeout(bound))));
        } catch (ParameterNotFoundException e) {
            throw new ExportException("Parameter " + name + " (named by " + namedBy + ") does not exist: create it "
                    + "as a SecureString holding the Mackerel API key, or fix " + namedBy, e);
        } catch (SdkException e) {
            throw new ExportException("Could not read the API key parameter " + name + " (named by " + namedBy
                    + "): " + e.getMessage(), e);
        }
        Parameter parameter = response.parameter();
        if (parameter.type() != ParameterType.SECURE_STRING) {
            throw new ExportException("Parameter " + name + " (named by " + namedBy + ") is a "
                    + parameter.typeAsString() + " parameter, but the API key must be encrypted: recreate it with "
                    + "--type SecureString (aws ssm delete-parameter --name " + name + ", then aws ssm put-parameter "
                    + "--name " + name + " --type SecureString --value <key>)");
        }
        String value = parameter.value();
        if (value == null || value.isBlank()) {
            throw new ExportException("Parameter " + name + " (named by " + namedBy + ") is empty: put the Mackerel "
                    + "API key in it");
        }
        String key = value.strip();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // Never show the value: say where the bad character is, not what the key is.
                throw new ExportException("Parameter " + name + " (named by " + namedBy + ") holds a character an "
                        + "API key cannot have (U+" + String.format("%04X", (int) c) + " at position " + (i + 1)
                        + " of " + key.length() + "), e.g. a space or an invisible character pasted with it: put "
                        + "the key again with aws ssm put-parameter --overwrite --type SecureString");
            }
        }
        return new ApiKey(key);
    }
}
