package io.github.cognitomackerel.runtime.internal.run;

import io.github.cognitomackerel.settings.ConfigDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * An in-memory SSM Parameter Store for unit tests; checks the requests it gets. {@link #setting} keeps the settings of
 * a configuration document and stores it, rendered, as the String parameter that names it.
 */
public final class StubSsm implements SsmClient {

    public static final String ENCRYPTED = "AQICAHencrypted==";

    private final Map<String, Parameter> parameters = new TreeMap<>();
    private final Map<String, Map<String, String>> documents = new TreeMap<>();
    public final List<GetParameterRequest> getParameterRequests = new ArrayList<>();

    public StubSsm put(String name, ParameterType type, String value) {
        parameters.put(name, Parameter.builder().name(name).type(type).value(value).build());
        return this;
    }

    public StubSsm string(String name, String value) {
        return put(name, ParameterType.STRING, value);
    }

    /** Sets one setting of the configuration document in {@code configParameter} and stores the document. */
    public StubSsm setting(String configParameter, String key, String value) {
        Map<String, String> settings = documents.computeIfAbsent(configParameter, n -> new LinkedHashMap<>());
        if (value == null) {
            settings.remove(key);
        } else {
            settings.put(key, value);
        }
        return string(configParameter, ConfigDocument.render(settings));
    }

    public StubSsm remove(String name) {
        parameters.remove(name);
        return this;
    }

    public int calls() {
        return getParameterRequests.size();
    }

    @Override
    public GetParameterResponse getParameter(GetParameterRequest request) {
        getParameterRequests.add(request);
        Parameter parameter = parameters.get(request.name());
        if (parameter == null) {
            throw ParameterNotFoundException.builder().message("Parameter " + request.name() + " not found.").build();
        }
        if (parameter.type() == ParameterType.SECURE_STRING && !Boolean.TRUE.equals(request.withDecryption())) {
            parameter = parameter.toBuilder().value(ENCRYPTED).build();
        }
        return GetParameterResponse.builder().parameter(parameter).build();
    }

    @Override
    public String serviceName() {
        return "ssm";
    }

    @Override
    public void close() {
    }
}
