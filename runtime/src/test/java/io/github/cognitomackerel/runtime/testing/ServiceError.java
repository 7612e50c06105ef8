package io.github.cognitomackerel.runtime.testing;

/**
 * An error a fake answers with. {@link #invalid} errors are the client's fault and take the fake's default
 * validation error type; they are also recorded as violations.
 */
final class ServiceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    /** The error type, or {@code null} for the fake's default validation error. */
    final String type;
    /** Whether the request that caused this is a client bug a test should notice. */
    final boolean violation;

    ServiceError(int status, String type, String message, boolean violation) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.violation = violation;
    }

    /** A malformed request: HTTP 400 with the fake's validation error type, recorded as a violation. */
    static ServiceError invalid(String message) {
        return new ServiceError(400, null, message, true);
    }
}
