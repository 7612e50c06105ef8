package io.github.cognitomackerel.sample;

import io.github.cognitomackerel.CognitoMackerelMetrics;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cognito.IUserPool;
import software.amazon.awscdk.services.cognito.UserPool;
import software.constructs.Construct;

/**
 * The construct on a user pool that another stack or the console created, imported by id. Every app client of the
 * pool appears under its client id, plus {@code total}.
 */
public final class ExistingPoolStack extends Stack {

    public ExistingPoolStack(final Construct scope, final String id, final StackProps props,
            final String userPoolId, final String serviceName, final String apiKeyParameterName) {
        super(scope, id, props);

        IUserPool pool = UserPool.fromUserPoolId(this, "ExistingUserPool", userPoolId);
        CognitoMackerelMetrics.Builder.create(this, "CognitoMackerelMetrics")
                .userPool(pool)
                .mackerelServiceName(serviceName)
                .mackerelApiKeyParameterName(apiKeyParameterName)
                .build();
    }
}
