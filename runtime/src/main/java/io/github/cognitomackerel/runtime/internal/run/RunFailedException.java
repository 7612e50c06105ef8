package io.github.cognitomackerel.runtime.internal.run;

/** Thrown by the Lambda handler when a run failed, so the invocation counts as an error. Never carries the key. */
public final class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A failed run and what caused it. */
    public RunFailedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
