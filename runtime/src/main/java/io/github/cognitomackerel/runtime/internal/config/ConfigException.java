package io.github.cognitomackerel.runtime.internal.config;

import io.github.cognitomackerel.runtime.internal.ExportException;

import java.util.List;

/** The SSM configuration is missing, malformed or has unknown parameters; the message lists every problem. */
public final class ConfigException extends ExportException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** One exception for every problem found, joined with {@code "; "}. */
    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem. */
    public List<String> problems() {
        return problems;
    }
}
