/**
 * Not API: helpers of {@link io.github.cognitomackerel.CognitoMackerelMetrics}. Anything here may change in any release.
 */
package io.github.cognitomackerel.internal;
