/** CognitoMackerelMetrics: Amazon Cognito user-pool metrics in Mackerel, as an AWS CDK v2 construct. */
package io.github.cognitomackerel;
