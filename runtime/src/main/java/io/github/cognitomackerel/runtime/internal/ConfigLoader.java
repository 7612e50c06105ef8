package io.github.cognitomackerel.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Reads the configuration and the API key from SSM Parameter Store. */
public final class ConfigLoader {

    private final SsmClient ssm;

    /** A loader using this client. */
    public ConfigLoader(SsmClient ssm) {
        this.ssm = Objects.requireNonNull(ssm, "ssm");
    }

    /**
     * Reads every parameter under {@code path} ({@code GetParametersByPath}, recursive, every page, without
     * decryption) and validates them.
     *
     * @throws ConfigException when the settings are incomplete or wrong
     * @throws ExportException when SSM cannot be read
     */
    public Config load(String path, RunStats stats, Log log) {
        List<SsmParameter> parameters = new ArrayList<>();
        String nextToken = null;
        try {
            do {
                GetParametersByPathRequest request = GetParametersByPathRequest.builder().path(path).recursive(true)
                        .withDecryption(false).maxResults(10).nextToken(nextToken).build();
                stats.ssmCalls++;
                GetParametersByPathResponse response = ssm.getParametersByPath(request);
                for (Parameter parameter : response.parameters()) {
                    parameters.add(new SsmParameter(parameter.name(), type(parameter.type()), parameter.value()));
                }
                nextToken = response.nextToken();
            } while (nextToken != null && !nextToken.isEmpty());
        } catch (SdkException e) {
            throw new ExportException("Could not read the SSM parameters under " + path + ": " + e.getMessage(), e);
        }
        log.debug(() -> "ssm parameters under " + path + ": " + parameters);
        return ConfigParser.parse(path, parameters);
    }

    /**
     * Reads the API key ({@code GetParameter} with decryption) from the SecureString parameter named by
     * {@code P/mackerel-api-key-parameter}.
     *
     * @throws ExportException when it is missing, empty, not a SecureString or cannot be read
     */
    public ApiKey apiKey(Config config, RunStats stats) {
        return apiKey(config.apiKeyParameter(), config.parameterName(ConfigParser.API_KEY_PARAMETER), stats);
    }

    /**
     * Reads the API key ({@code GetParameter} with decryption) from the SecureString parameter {@code name}; the
     * custom-resource handler's way in, which has no {@link Config}.
     *
     * @param namedBy the setting that names the parameter, shown in messages
     * @throws ExportException when it is missing, empty, not a SecureString or cannot be read
     */
    public ApiKey apiKey(String name, String namedBy, RunStats stats) {
        GetParameterResponse response;
        try {
            stats.ssmCalls++;
            response = ssm.getParameter(r -> r.name(name).withDecryption(true));
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

    private static SsmParameter.Type type(ParameterType type) {
        if (type == null) {
            return SsmParameter.Type.OTHER;
        }
        switch (type) {
            case STRING:
                return SsmParameter.Type.STRING;
            case STRING_LIST:
                return SsmParameter.Type.STRING_LIST;
            case SECURE_STRING:
                return SsmParameter.Type.SECURE_STRING;
            default:
                return SsmParameter.Type.OTHER;
        }
    }
}
