package io.github.cognitomackerel.sample;

public final class SampleApp {
    public static void main(String[] args) {
    }
}
