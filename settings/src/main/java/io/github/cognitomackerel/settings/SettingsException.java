package io.github.cognitomackerel.settings;

import java.util.List;

/** A configuration that breaks one or more rules of {@link ExporterSettings}; the message lists every problem. */
public final class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient List<Problem> problems;

    /**
     * An exception listing problems.
     *
     * @param problems at least one
     */
    public SettingsException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in setting order.
     *
     * @return the problems
     */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        if (problems.size() == 1) {
            return problems.get(0).message();
        }
        StringBuilder text = new StringBuilder(problems.size() + " problems: ");
        for (int i = 0; i < problems.size(); i++) {
            text.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(problems.get(i).message());
        }
        return text.toString();
    }
}
