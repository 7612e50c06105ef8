package io.github.cognitomackerel.runtime.testing;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Typed access to the members of a decoded request body; every mismatch is a {@link ServiceError#invalid}. */
final class Members {

    private Members() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String where) {
        if (value instanceof Map) {
            return (Map<String, Object>) value;
        }
        throw ServiceError.invalid(where + " must be an object (structure), got " + describe(value));
    }

    /**
     * Rejects members outside {@code known}; members in {@code unsupported} are valid for the real service but not
     * emulated by the fake, and get a message that says so.
     */
    static void onlyKnown(Map<String, Object> object, String where, Set<String> known, Set<String> unsupported) {
        for (String member : object.keySet()) {
            if (unsupported.contains(member)) {
                throw ServiceError.invalid("the fake does not support " + where + "." + member);
            }
            if (!known.contains(member)) {
                throw ServiceError.invalid("unknown member " + where + "." + member);
            }
        }
    }

    static String string(Map<String, Object> object, String member, String where, boolean required) {
        Object value = present(object, member, where, required);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw ServiceError.invalid(where + "." + member + " must be a string, got " + describe(value));
    }

    static Boolean bool(Map<String, Object> object, String member, String where) {
        Object value = present(object, member, where, false);
        if (value == null || value instanceof Boolean) {
            return (Boolean) value;
        }
        throw ServiceError.invalid(where + "." + member + " must be a boolean, got " + describe(value));
    }

    static Long integer(Map<String, Object> object, String member, String where, boolean required) {
        Object value = present(object, member, where, required);
        if (value == null) {
            return null;
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof BigInteger) {
            throw ServiceError.invalid(where + "." + member + " is out of range: " + value);
        }
        throw ServiceError.invalid(where + "." + member + " must be an integer, got " + describe(value));
    }

    static List<Object> list(Map<String, Object> object, String member, String where, boolean required) {
        Object value = present(object, member, where, required);
        if (value == null || value instanceof List) {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) value;
            return list;
        }
        throw ServiceError.invalid(where + "." + member + " must be a list, got " + describe(value));
    }

    static Instant timestamp(Map<String, Object> object, String member, String where, boolean required) {
        Object value = present(object, member, where, required);
        if (value == null || value instanceof Instant) {
            return (Instant) value;
        }
        throw ServiceError.invalid(where + "." + member
                + " must be a timestamp (CBOR tag 1 with epoch seconds), got " + describe(value));
    }

    private static Object present(Map<String, Object> object, String member, String where, boolean required) {
        Object value = object.get(member);
        if (value == null && required) {
            throw ServiceError.invalid(where + "." + member + " is required");
        }
        return value;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return shown + " (" + value.getClass().getSimpleName() + ")";
    }
}
