package io.github.cognitomackerel.runtime.internal.mackerel;

/**
 * Mackerel refused a request or could not be reached. The message says what was asked, what Mackerel answered and
 * how to fix it; it never holds the API key (bodies echoed by the server are redacted).
 */
public final class MackerelApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    MackerelApiException(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer came. */
    public int status() {
        return status;
    }
}
