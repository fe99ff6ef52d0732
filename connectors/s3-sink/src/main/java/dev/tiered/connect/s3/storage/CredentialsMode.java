package dev.tiered.connect.s3.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the S3 client gets its AWS credentials ({@value S3StorageConfig#CREDENTIALS_PROVIDER}). */
public enum CredentialsMode {
    /** The SDK's default chain: environment, system properties, web identity, profile, container, instance. */
    DEFAULT("default"),
    /** {@code aws.access.key.id} and {@code aws.secret.access.key} from the connector config. */
    STATIC("static"),
    /** A named profile from the shared AWS config/credentials files ({@code aws.profile.name}). */
    PROFILE("profile"),
    /** STS AssumeRole ({@code s3.assume.role.arn}) using the default chain as the source credentials. */
    ASSUME_ROLE("assume-role");

    private final String configName;

    CredentialsMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static CredentialsMode fromConfig(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (CredentialsMode m : values()) {
            if (m.configName.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown credentials provider '" + value + "', expected one of " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(CredentialsMode::configName).collect(Collectors.joining(", "));
    }
}
