package dev.tiered.connect.s3.storage;

import dev.tiered.connect.common.PackVersion;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * Builds the {@link S3Client} (and, for assume-role, its {@link StsClient}) from an {@link S3StorageConfig}. The HTTP
 * client is named explicitly ({@link ApacheHttpClient}) because a worker's class path often holds several. Not the
 * JDK's URLConnection client: against s3proxy it fails about one small PutObject in five on the first attempt after
 * the request landed, and a conditional write's retry then gets 412 (measured: 108 of 500; Apache: 0).
 * Retries: see {@link #overrides}. {@link S3Clients#close()} closes everything it built.
 */
public final class S3ClientFactory {

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Socket read timeout: generous, as an UploadPart of a large part on a slow link takes a while. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    /** Upper bound for one attempt: a 25 MiB part at ~1 MB/s still fits. */
    public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofMinutes(2);
    /** Upper bound for one call with all its retries. */
    public static final Duration API_CALL_TIMEOUT = Duration.ofMinutes(5);

    private S3ClientFactory() {
    }

    /** The suffix appended to the SDK's user agent, e.g. {@code tiered-connect/0.1.0}. */
    public static String userAgentSuffix() {
        return "tiered-connect/" + PackVersion.get();
    }

    /** The clients built from one config; close it to release the HTTP client and any credential refresher. */
    public record S3Clients(S3Client s3, AwsCredentialsProvider credentials, StsClient sts, SdkHttpClient http)
            implements AutoCloseable {
        @Override
        public void close() {
            s3.close();
            if (credentials instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing a credentials refresher cannot fail in a way the caller can act on
                }
            }
            if (sts != null) {
                sts.close();
            }
            http.close();
        }
    }

    public static S3Clients create(S3StorageConfig config) {
        SdkHttpClient http = ApacheHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT)
                .build();
        Region region = Region.of(config.region());
        StsClient sts = null;
        AwsCredentialsProvider credentials;
        switch (config.credentialsMode()) {
            case STATIC -> credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(config.accessKeyId(), config.secretAccessKey().value()));
            case PROFILE -> {
                ProfileCredentialsProvider.Builder b = ProfileCredentialsProvider.builder();
                config.profileName().ifPresent(b::profileName);
                credentials = b.build();
            }
            case ASSUME_ROLE -> {
                sts = StsClient.builder()
                        .region(region)
                        .httpClient(http)
                        .credentialsProvider(DefaultCredentialsProvider.builder().build())
                        .overrideConfiguration(overrides(config))
                        .build();
                AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                        .roleArn(config.assumeRoleArn().orElseThrow(() -> new IllegalArgumentException(
                                S3StorageConfig.ASSUME_ROLE_ARN + " is required for assume-role")))
                        .roleSessionName(config.assumeRoleSessionName());
                config.assumeRoleExternalId().ifPresent(id -> request.externalId(id.value()));
                credentials = StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(sts)
                        .refreshRequest(request.build())
                        .asyncCredentialUpdateEnabled(false)
                        .build();
            }
            default -> credentials = DefaultCredentialsProvider.builder().build();
        }
        S3ClientBuilder builder = S3Client.builder()
                .region(region)
                .httpClient(http)
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyleAccess())
                .overrideConfiguration(overrides(config));
        config.storeUrl().ifPresent(builder::endpointOverride);
        return new S3Clients(builder.build(), credentials, sts, http);
    }

    /**
     * The SDK's standard retry conditions (5xx, throttling, connection errors; never 403 or 404) with the configured
     * attempts and full-jitter exponential backoff. The SDK's own retry-quota circuit breaker is off: a burst of 503s
     * must be ridden out with backoff, and the sink has its own, pausing, breaker.
     */
    private static ClientOverrideConfiguration overrides(S3StorageConfig config) {
        BackoffStrategy backoff = BackoffStrategy.exponentialDelay(config.retryBackoff(), config.retryMaxBackoff());
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(config.retries() + 1)
                        .backoffStrategy(backoff)
                        .throttlingBackoffStrategy(backoff)
                        .circuitBreakerEnabled(false)
                        .build())
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .apiCallTimeout(API_CALL_TIMEOUT)
                .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, userAgentSuffix())
                .build();
    }
}
