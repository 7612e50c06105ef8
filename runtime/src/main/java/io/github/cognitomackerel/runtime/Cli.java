package io.github.cognitomackerel.runtime;

public final class Cli {
    public static void main(String[] args) {
        System.out.println("placeholder");
    }
}
