package io.github.cognitomackerel.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** An in-memory SSM Parameter Store for unit tests; checks the requests it gets. */
public final class StubSsm implements SsmClient {

    public static final String ENCRYPTED = "AQICAHencrypted==";

    private final Map<String, Parameter> parameters = new TreeMap<>();
    public final List<GetParametersByPathRequest> byPathRequests = new ArrayList<>();
    public final List<GetParameterRequest> getParameterRequests = new ArrayList<>();
    public int pageSize = 10;

    public StubSsm put(String name, ParameterType type, String value) {
        parameters.put(name, Parameter.builder().name(name).type(type).value(value).build());
        return this;
    }

    public StubSsm string(String name, String value) {
        return put(name, ParameterType.STRING, value);
    }

    public StubSsm remove(String name) {
        parameters.remove(name);
        return this;
    }

    public int calls() {
        return byPathRequests.size() + getParameterRequests.size();
    }

    @Override
    public GetParametersByPathResponse getParametersByPath(GetParametersByPathRequest request) {
        byPathRequests.add(request);
        if (!Boolean.TRUE.equals(request.recursive()) || !Boolean.FALSE.equals(request.withDecryption())) {
            throw new AssertionError("expected Recursive=true, WithDecryption=false: " + request);
        }
        List<Parameter> matching = new ArrayList<>();
        for (Parameter parameter : parameters.values()) {
            if (parameter.name().startsWith(request.path() + "/")) {
                matching.add(parameter.type() == ParameterType.SECURE_STRING
                        ? parameter.toBuilder().value(ENCRYPTED).build() : parameter);
            }
        }
        int from = request.nextToken() == null ? 0 : Integer.parseInt(request.nextToken());
        int to = Math.min(matching.size(), from + pageSize);
        return GetParametersByPathResponse.builder().parameters(matching.subList(from, to))
                .nextToken(to < matching.size() ? String.valueOf(to) : null).build();
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
