package io.github.cognitomackerel.runtime.internal;

import java.util.Objects;

/** One parameter as read with {@code GetParametersByPath} (without decryption): full name, type and value. */
public final class SsmParameter {
    /** The SSM parameter types. */
    public enum Type { STRING, STRING_LIST, SECURE_STRING, OTHER }

    private final String name;
    private final Type type;
    private final String value;

    /** A parameter read from SSM. */
    public SsmParameter(String name, Type type, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.value = value == null ? "" : value;
    }

    /** A String parameter (handy in tests). */
    public static SsmParameter string(String name, String value) {
        return new SsmParameter(name, Type.STRING, value);
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    /** Names only: a SecureString's (encrypted) value is never printed. */
    @Override
    public String toString() {
        return "SsmParameter[" + name + " " + type + "]";
    }
}
