package io.github.cognitomackerel.runtime.internal;

/**
 * A run could not do its job for a reason worth telling the operator as is (bad configuration, a refused request,
 * exhausted retries). The message says what went wrong and how to fix it; it never contains the API key.
 */
public class ExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An error with a message meant for the operator. */
    public ExportException(String message) {
        super(message);
    }

    /** An error with a message meant for the operator, and its cause. */
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
