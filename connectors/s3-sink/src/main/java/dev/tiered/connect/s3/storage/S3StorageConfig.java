package dev.tiered.connect.s3.storage;

import dev.tiered.connect.common.config.Validators;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * S3 connection keys, as a fragment the connector config adds to its {@link ConfigDef} ({@link #addTo}). Key names
 * follow Confluent's S3 sink where the concept is the same. Secrets ({@value #AWS_SECRET_ACCESS_KEY},
 * {@value #ASSUME_ROLE_EXTERNAL_ID}) are {@link Password}s and never appear in {@link #toString()} or in messages.
 * Retries use the SDK's standard retry mode (no keys yet).
 */
public final class S3StorageConfig {

    public static final String BUCKET_NAME = "s3.bucket.name";
    public static final String REGION = "s3.region";
    public static final String STORE_URL = "store.url";
    public static final String PATH_STYLE_ACCESS = "s3.path.style.access.enabled";
    public static final String PART_SIZE = "s3.part.size";
    public static final String CREDENTIALS_PROVIDER = "s3.credentials.provider";
    public static final String AWS_ACCESS_KEY_ID = "aws.access.key.id";
    public static final String AWS_SECRET_ACCESS_KEY = "aws.secret.access.key";
    public static final String AWS_PROFILE_NAME = "aws.profile.name";
    public static final String ASSUME_ROLE_ARN = "s3.assume.role.arn";
    public static final String ASSUME_ROLE_EXTERNAL_ID = "s3.assume.role.external.id";
    public static final String ASSUME_ROLE_SESSION_NAME = "s3.assume.role.session.name";
    public static final String STORAGE_CLASS = "s3.storage.class";
    public static final String SSE_ALGORITHM = "s3.ssea.name";
    public static final String SSE_KMS_KEY_ID = "s3.sse.kms.key.id";
    public static final String OBJECT_TAGS = "s3.object.tags";
    public static final String RETRIES = "s3.part.retries";
    public static final String RETRY_BACKOFF_MS = "s3.retry.backoff.ms";
    public static final String RETRY_MAX_BACKOFF_MS = "s3.retry.max.backoff.ms";

    public static final String REGION_DEFAULT = "us-east-1";
    /** S3's minimum part size (every part but the last): 5 MiB. */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /**
     * S3's maximum part size is 5 GiB, but a part is one in-memory byte array here, so the largest usable value is the
     * largest Java array, just under 2 GiB.
     */
    public static final int MAX_PART_SIZE = Integer.MAX_VALUE - 8;
    public static final int PART_SIZE_DEFAULT = 25 * 1024 * 1024;
    /** S3's maximum number of parts in one multipart upload. */
    public static final int MAX_PARTS = 10_000;
    public static final String CREDENTIALS_PROVIDER_DEFAULT = "default";
    public static final String ASSUME_ROLE_SESSION_NAME_DEFAULT = "tiered-connect";
    public static final String STORAGE_CLASS_DEFAULT = "STANDARD";
    public static final List<String> SSE_ALGORITHMS = List.of("", "AES256", "aws:kms", "aws:kms:dsse");
    public static final int RETRIES_DEFAULT = 5;
    public static final long RETRY_BACKOFF_MS_DEFAULT = 200;
    public static final long RETRY_MAX_BACKOFF_MS_DEFAULT = 20_000;
    /** S3's limits on object tags. */
    public static final int MAX_TAGS = 10;

    private final AbstractConfig config;

    public S3StorageConfig(AbstractConfig config) {
        this.config = config;
    }

    /** Parses {@code props} against a {@link ConfigDef} holding only these keys; for tests and tools. */
    public static S3StorageConfig of(Map<String, ?> props) {
        return new S3StorageConfig(new AbstractConfig(addTo(new ConfigDef(), "S3"), props, false));
    }

    public static ConfigDef addTo(ConfigDef def, String group) {
        int order = 0;
        return def
                .define(BUCKET_NAME, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, BUCKET, Importance.HIGH,
                        "Name of the S3 bucket the connector writes objects to.",
                        group, ++order, Width.LONG, "S3 bucket")
                .define(REGION, Type.STRING, REGION_DEFAULT, Validators.NON_BLANK, Importance.MEDIUM,
                        "AWS region of the bucket, also used to sign requests to an S3-compatible store.",
                        group, ++order, Width.SHORT, "S3 region")
                .define(STORE_URL, Type.STRING, "", HTTP_URL_OR_EMPTY, Importance.LOW,
                        "Endpoint override (http or https URL) for an S3-compatible store; empty means AWS S3.",
                        group, ++order, Width.LONG, "Store URL")
                .define(PATH_STYLE_ACCESS, Type.BOOLEAN, false, Importance.LOW,
                        "Whether to address the bucket in the URL path instead of the host name, as many "
                                + "S3-compatible stores require.",
                        group, ++order, Width.SHORT, "Path-style access")
                .define(PART_SIZE, Type.INT, PART_SIZE_DEFAULT, PART_SIZE_RANGE, Importance.MEDIUM,
                        "Bytes buffered in memory per open object: an object smaller than this is one PutObject, "
                                + "a larger one a multipart upload of parts this size (min 5 MiB).",
                        group, ++order, Width.MEDIUM, "S3 part size")
                .define(CREDENTIALS_PROVIDER, Type.STRING, CREDENTIALS_PROVIDER_DEFAULT, PROVIDER, Importance.HIGH,
                        "Where AWS credentials come from: one of " + CredentialsMode.names() + ".",
                        group, ++order, Width.SHORT, "Credentials provider")
                .define(AWS_ACCESS_KEY_ID, Type.STRING, "", Importance.HIGH,
                        "AWS access key id, used when " + CREDENTIALS_PROVIDER + " is static.",
                        group, ++order, Width.MEDIUM, "AWS access key id")
                .define(AWS_SECRET_ACCESS_KEY, Type.PASSWORD, "", Importance.HIGH,
                        "AWS secret access key, used when " + CREDENTIALS_PROVIDER + " is static.",
                        group, ++order, Width.MEDIUM, "AWS secret access key")
                .define(AWS_PROFILE_NAME, Type.STRING, "", Importance.LOW,
                        "Profile in the shared AWS config files, used when " + CREDENTIALS_PROVIDER
                                + " is profile; empty means the SDK's default profile.",
                        group, ++order, Width.MEDIUM, "AWS profile name")
                .define(ASSUME_ROLE_ARN, Type.STRING, "", Importance.MEDIUM,
                        "ARN of the IAM role to assume through STS, required when " + CREDENTIALS_PROVIDER
                                + " is assume-role.",
                        group, ++order, Width.LONG, "Assume role ARN")
                .define(ASSUME_ROLE_EXTERNAL_ID, Type.PASSWORD, "", Importance.LOW,
                        "External id passed to STS AssumeRole, if the role's trust policy requires one.",
                        group, ++order, Width.MEDIUM, "Assume role external id")
                .define(ASSUME_ROLE_SESSION_NAME, Type.STRING, ASSUME_ROLE_SESSION_NAME_DEFAULT, SESSION_NAME,
                        Importance.LOW, "Role session name for STS AssumeRole, visible in CloudTrail.",
                        group, ++order, Width.MEDIUM, "Assume role session name")
                .define(STORAGE_CLASS, Type.STRING, STORAGE_CLASS_DEFAULT, STORAGE_CLASS_VALIDATOR, Importance.MEDIUM,
                        "S3 storage class of the data objects, e.g. STANDARD, STANDARD_IA, INTELLIGENT_TIERING or "
                                + "GLACIER_IR; commit markers always stay STANDARD.",
                        group, ++order, Width.MEDIUM, "Storage class")
                .define(SSE_ALGORITHM, Type.STRING, "", SSE_VALIDATOR, Importance.MEDIUM,
                        "Server-side encryption requested for every object: empty for the bucket's default, AES256 "
                                + "(SSE-S3), aws:kms or aws:kms:dsse (SSE-KMS).",
                        group, ++order, Width.SHORT, "Server-side encryption")
                .define(SSE_KMS_KEY_ID, Type.STRING, "", Importance.LOW,
                        "KMS key id or ARN for SSE-KMS; empty means the AWS-managed key aws/s3.",
                        group, ++order, Width.LONG, "SSE-KMS key id")
                .define(OBJECT_TAGS, Type.LIST, "", TAGS_VALIDATOR, Importance.LOW,
                        "Tags for every data object as key=value pairs, e.g. team=data,tier=cold (at most 10).",
                        group, ++order, Width.LONG, "Object tags")
                .define(RETRIES, Type.INT, RETRIES_DEFAULT, ConfigDef.Range.between(0, 100), Importance.LOW,
                        "Retries of an S3 request after a 5xx, throttling (SlowDown) or connection error, with "
                                + "exponential backoff and jitter; access-denied and missing-bucket errors are never "
                                + "retried.",
                        group, ++order, Width.SHORT, "S3 request retries")
                .define(RETRY_BACKOFF_MS, Type.LONG, RETRY_BACKOFF_MS_DEFAULT, ConfigDef.Range.between(1, 60_000),
                        Importance.LOW, "Base delay in ms of the exponential backoff between retries of a request.",
                        group, ++order, Width.SHORT, "Retry backoff")
                .define(RETRY_MAX_BACKOFF_MS, Type.LONG, RETRY_MAX_BACKOFF_MS_DEFAULT,
                        ConfigDef.Range.between(1, 600_000), Importance.LOW,
                        "Longest delay in ms between two retries of a request.",
                        group, ++order, Width.SHORT, "Retry max backoff");
    }

    public ObjectWriteOptions writeOptions() {
        String storageClass = config.getString(STORAGE_CLASS).trim().toUpperCase(java.util.Locale.ROOT);
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (String tag : config.getList(OBJECT_TAGS)) {
            int eq = tag.indexOf('=');
            tags.put(tag.substring(0, eq).trim(), tag.substring(eq + 1).trim());
        }
        return new ObjectWriteOptions(storageClass.equals(STORAGE_CLASS_DEFAULT) ? "" : storageClass,
                config.getString(SSE_ALGORITHM).trim(), config.getString(SSE_KMS_KEY_ID).trim(), tags);
    }

    public int retries() {
        return config.getInt(RETRIES);
    }

    public java.time.Duration retryBackoff() {
        return java.time.Duration.ofMillis(config.getLong(RETRY_BACKOFF_MS));
    }

    public java.time.Duration retryMaxBackoff() {
        return java.time.Duration.ofMillis(Math.max(config.getLong(RETRY_MAX_BACKOFF_MS),
                config.getLong(RETRY_BACKOFF_MS)));
    }

    public String bucketName() {
        return config.getString(BUCKET_NAME);
    }

    public String region() {
        return config.getString(REGION).trim();
    }

    /** The endpoint override, or empty for AWS S3. */
    public Optional<URI> storeUrl() {
        String url = config.getString(STORE_URL).trim();
        return url.isEmpty() ? Optional.empty() : Optional.of(URI.create(url));
    }

    public boolean pathStyleAccess() {
        return config.getBoolean(PATH_STYLE_ACCESS);
    }

    public int partSize() {
        return config.getInt(PART_SIZE);
    }

    /** The largest object a stream with this part size can write: {@value #MAX_PARTS} full parts. */
    public long maxObjectSize() {
        return maxObjectSize(partSize());
    }

    static long maxObjectSize(int partSize) {
        return (long) partSize * MAX_PARTS;
    }

    public CredentialsMode credentialsMode() {
        return CredentialsMode.fromConfig(config.getString(CREDENTIALS_PROVIDER));
    }

    public String accessKeyId() {
        return config.getString(AWS_ACCESS_KEY_ID).trim();
    }

    public Password secretAccessKey() {
        return config.getPassword(AWS_SECRET_ACCESS_KEY);
    }

    public Optional<String> profileName() {
        return nonBlank(config.getString(AWS_PROFILE_NAME));
    }

    public Optional<String> assumeRoleArn() {
        return nonBlank(config.getString(ASSUME_ROLE_ARN));
    }

    public Optional<Password> assumeRoleExternalId() {
        Password p = config.getPassword(ASSUME_ROLE_EXTERNAL_ID);
        return p == null || p.value().isBlank() ? Optional.empty() : Optional.of(p);
    }

    public String assumeRoleSessionName() {
        return config.getString(ASSUME_ROLE_SESSION_NAME).trim();
    }

    /**
     * Checks that need more than one key; an empty list means valid. Each {@link ConfigValue} names the key to blame
     * and carries an error message that never includes a secret's value.
     */
    public static List<ConfigValue> crossFieldValidation(AbstractConfig config) {
        S3StorageConfig c = new S3StorageConfig(config);
        List<ConfigValue> errors = new ArrayList<>();
        switch (c.credentialsMode()) {
            case STATIC -> {
                if (c.accessKeyId().isEmpty()) {
                    errors.add(error(AWS_ACCESS_KEY_ID, c.accessKeyId(), AWS_ACCESS_KEY_ID + " is required when "
                            + CREDENTIALS_PROVIDER + " is static"));
                }
                Password secret = c.secretAccessKey();
                if (secret == null || secret.value().isBlank()) {
                    errors.add(error(AWS_SECRET_ACCESS_KEY, secret, AWS_SECRET_ACCESS_KEY + " is required when "
                            + CREDENTIALS_PROVIDER + " is static"));
                }
            }
            case ASSUME_ROLE -> {
                if (c.assumeRoleArn().isEmpty()) {
                    errors.add(error(ASSUME_ROLE_ARN, "", ASSUME_ROLE_ARN + " is required when "
                            + CREDENTIALS_PROVIDER + " is assume-role"));
                } else if (!c.assumeRoleArn().get().startsWith("arn:")) {
                    errors.add(error(ASSUME_ROLE_ARN, c.assumeRoleArn().get(), ASSUME_ROLE_ARN
                            + " must be an IAM role ARN (arn:aws:iam::<account>:role/<name>)"));
                }
            }
            default -> { }
        }
        String sse = config.getString(SSE_ALGORITHM).trim();
        if (!config.getString(SSE_KMS_KEY_ID).isBlank() && !sse.startsWith("aws:kms")) {
            errors.add(error(SSE_KMS_KEY_ID, config.getString(SSE_KMS_KEY_ID), SSE_KMS_KEY_ID + " is set but "
                    + SSE_ALGORITHM + " is '" + sse + "'; set it to aws:kms to encrypt with that key"));
        }
        if (c.credentialsMode() != CredentialsMode.STATIC
                && (!c.accessKeyId().isEmpty() || !c.secretAccessKey().value().isBlank())) {
            errors.add(error(CREDENTIALS_PROVIDER, c.credentialsMode().configName(), AWS_ACCESS_KEY_ID + "/"
                    + AWS_SECRET_ACCESS_KEY + " are set but " + CREDENTIALS_PROVIDER + " is "
                    + c.credentialsMode().configName() + "; set it to static to use them"));
        }
        if (c.storeUrl().isPresent() && !c.pathStyleAccess() && isIpLiteralOrLocalhost(c.storeUrl().get())) {
            errors.add(error(PATH_STYLE_ACCESS, false, STORE_URL + " is an IP address or localhost, where "
                    + "virtual-host addressing cannot work; set " + PATH_STYLE_ACCESS + "=true"));
        }
        return errors;
    }

    private static boolean isIpLiteralOrLocalhost(URI uri) {
        String host = uri.getHost();
        return host != null && (host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("["));
    }

    private static ConfigValue error(String name, Object value, String message) {
        // A Password's toString() is [hidden], so even the value slot cannot leak a secret.
        ConfigValue v = new ConfigValue(name, value instanceof Password ? value : String.valueOf(value), List.of(),
                new ArrayList<>());
        v.addErrorMessage(message);
        return v;
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
    }

    @Override
    public String toString() {
        return "S3StorageConfig{bucket=" + bucketName() + ", region=" + region() + ", storeUrl="
                + storeUrl().map(URI::toString).orElse("AWS") + ", pathStyle=" + pathStyleAccess() + ", partSize="
                + partSize() + ", credentials=" + config.getString(CREDENTIALS_PROVIDER)
                + (accessKeyId().isEmpty() ? "" : ", accessKeyId=" + accessKeyId())
                + (secretAccessKey().value().isEmpty() ? "" : ", secretAccessKey=[hidden]")
                + profileName().map(p -> ", profile=" + p).orElse("")
                + assumeRoleArn().map(a -> ", roleArn=" + a).orElse("")
                + (assumeRoleExternalId().isEmpty() ? "" : ", externalId=[hidden]") + "}";
    }

    private static final ConfigDef.Validator STORAGE_CLASS_VALIDATOR = ConfigDef.LambdaValidator.with(
            (name, value) -> {
                String v = value == null ? "" : value.toString().trim().toUpperCase(java.util.Locale.ROOT);
                if (!StorageClass.knownValues().contains(StorageClass.fromValue(v))) {
                    throw new ConfigException(name, value, name + " must be one of " + storageClasses());
                }
            }, () -> "one of " + storageClasses());

    private static final ConfigDef.Validator SSE_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        if (!SSE_ALGORITHMS.contains(value == null ? "" : value.toString().trim())) {
            throw new ConfigException(name, value, name + " must be empty, AES256, aws:kms or aws:kms:dsse");
        }
    }, () -> "empty, AES256, aws:kms or aws:kms:dsse");

    private static final ConfigDef.Validator TAGS_VALIDATOR = ConfigDef.LambdaValidator.with((name, value) -> {
        List<?> tags = value instanceof List<?> l ? l : List.of();
        if (tags.size() > MAX_TAGS) {
            throw new ConfigException(name, value, name + " has " + tags.size() + " tags; S3 allows " + MAX_TAGS);
        }
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (Object tag : tags) {
            String t = tag.toString();
            int eq = t.indexOf('=');
            if (eq <= 0 || t.substring(0, eq).trim().isEmpty()) {
                throw new ConfigException(name, value, name + " entry '" + t + "' is not key=value");
            }
            String key = t.substring(0, eq).trim();
            if (key.length() > 128 || t.substring(eq + 1).trim().length() > 256) {
                throw new ConfigException(name, value, name + " entry '" + key + "': S3 tag keys are at most 128 and "
                        + "values at most 256 characters");
            }
            if (!keys.add(key)) {
                throw new ConfigException(name, value, name + " has tag '" + key + "' twice");
            }
        }
    }, () -> "key=value pairs, at most 10");

    private static String storageClasses() {
        return StorageClass.knownValues().stream().map(StorageClass::toString).sorted()
                .collect(java.util.stream.Collectors.joining(", "));
    }

    private static final ConfigDef.Validator PART_SIZE_RANGE = ConfigDef.LambdaValidator.with((name, value) -> {
        if (value == null) {
            throw new ConfigException(name, null, name + " must be set");
        }
        int size = (Integer) value;
        if (size < MIN_PART_SIZE || size > MAX_PART_SIZE) {
            throw new ConfigException(name, value, name + " must be between " + MIN_PART_SIZE + " (5 MiB, S3's "
                    + "minimum part size) and " + MAX_PART_SIZE + " bytes");
        }
    }, () -> "[" + MIN_PART_SIZE + ",...," + MAX_PART_SIZE + "]");

    private static final ConfigDef.Validator BUCKET = ConfigDef.LambdaValidator.with((name, value) -> {
        String s = value == null ? "" : ((String) value).trim();
        if (s.length() < 3 || s.length() > 63 || !s.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
            throw new ConfigException(name, value, name + " must be an S3 bucket name: 3-63 lowercase letters, "
                    + "digits, dots and hyphens, starting and ending with a letter or digit");
        }
    }, () -> "S3 bucket name");

    private static final ConfigDef.Validator HTTP_URL_OR_EMPTY = ConfigDef.LambdaValidator.with((name, value) -> {
        String s = value == null ? "" : ((String) value).trim();
        if (s.isEmpty()) {
            return;
        }
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || uri.getHost() == null || uri.getUserInfo() != null) {
                throw new ConfigException(name, value, name + " must be an http(s) URL with a host and no "
                        + "user info, e.g. https://s3.example.com:9000");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(name, value, name + " is not a valid URL: " + e.getReason());
        }
    }, () -> "empty or an http(s) URL");

    private static final ConfigDef.Validator PROVIDER = ConfigDef.LambdaValidator.with((name, value) -> {
        try {
            CredentialsMode.fromConfig(value == null ? "" : (String) value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, name + " must be one of " + CredentialsMode.names());
        }
    }, CredentialsMode::names);

    private static final ConfigDef.Validator SESSION_NAME = ConfigDef.LambdaValidator.with((name, value) -> {
        String s = value == null ? "" : (String) value;
        if (!s.matches("[\\w+=,.@-]{2,64}")) {
            throw new ConfigException(name, value, name + " must be 2-64 characters of letters, digits and "
                    + "+=,.@-_ as STS requires");
        }
    }, () -> "STS role session name");
}
