package io.github.cognitomackerel.runtime.internal;

import java.io.PrintStream;
import java.util.function.Supplier;

/** Where a run writes its lines: Lambda's logger in the handler, stderr in the command line. */
public interface Log {

    /** A normal line (the run summary). */
    void info(String message);

    /** A failure line. */
    void error(String message);

    /** Something the operator should look at although the run goes on (e.g. CloudWatch's own messages). */
    default void warn(String message) {
        info(message);
    }

    /** A detail line, built only when debug is on. */
    void debug(Supplier<String> message);

    /** A log writing to a stream; debug lines only when {@code debug}. */
    static Log to(PrintStream stream, boolean debug) {
        return new Log() {
            @Override
            public void info(String message) {
                stream.println(message);
            }

            @Override
            public void error(String message) {
                stream.println(message);
            }

            @Override
            public void warn(String message) {
                stream.println("WARN " + message);
            }

            @Override
            public void debug(Supplier<String> message) {
                if (debug) {
                    stream.println(message.get());
                }
            }
        };
    }

    /** A log that drops everything. */
    static Log none() {
        return to(new PrintStream(java.io.OutputStream.nullOutputStream()), false);
    }

    /** Whether a log-level setting (e.g. {@code AWS_LAMBDA_LOG_LEVEL}) asks for debug lines. */
    static boolean debugLevel(String level) {
        return level != null && (level.equalsIgnoreCase("DEBUG") || level.equalsIgnoreCase("TRACE"));
    }
}
