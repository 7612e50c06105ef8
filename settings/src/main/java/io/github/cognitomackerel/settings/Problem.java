package io.github.cognitomackerel.settings;

/**
 * One broken rule.
 *
 * @param key the setting's key in the configuration document, e.g. {@code lookback-seconds}
 * @param prop the construct prop that sets it, e.g. {@code lookback}
 * @param message names the prop and the setting, shows the bad value (unless it may be a secret) and says how to
 *     fix it
 */
public record Problem(String key, String prop, String message) {
}
