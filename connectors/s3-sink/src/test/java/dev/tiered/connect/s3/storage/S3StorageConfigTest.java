package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3StorageConfigTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    static final String EXTERNAL_ID = "ext-id-very-secret-42";

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        m.put("s3.bucket.name", "my-bucket");
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    static AbstractConfig parse(Map<String, String> props) {
        return new AbstractConfig(S3StorageConfig.addTo(new ConfigDef(), "S3"), props, false);
    }

    @Test
    void defaults() {
        S3StorageConfig c = S3StorageConfig.of(props());
        assertThat(c.bucketName()).isEqualTo("my-bucket");
        assertThat(c.region()).isEqualTo("us-east-1");
        assertThat(c.storeUrl()).isEmpty();
        assertThat(c.pathStyleAccess()).isFalse();
        assertThat(c.partSize()).isEqualTo(25 * 1024 * 1024);
        assertThat(c.credentialsMode()).isEqualTo(CredentialsMode.DEFAULT);
        assertThat(c.accessKeyId()).isEmpty();
        assertThat(c.secretAccessKey().value()).isEmpty();
        assertThat(c.profileName()).isEmpty();
        assertThat(c.assumeRoleArn()).isEmpty();
        assertThat(c.assumeRoleExternalId()).isEmpty();
        assertThat(c.assumeRoleSessionName()).isEqualTo("tiered-connect");
        assertThat(S3StorageConfig.crossFieldValidation(parse(props()))).isEmpty();
    }

    @Test
    void parsesEveryKey() {
        S3StorageConfig c = S3StorageConfig.of(props("s3.region", "eu-west-1", "store.url", "http://127.0.0.1:9000",
                "s3.path.style.access.enabled", "true", "s3.part.size", String.valueOf(5 * 1024 * 1024),
                "s3.credentials.provider", "assume-role", "aws.profile.name", "prod",
                "s3.assume.role.arn", "arn:aws:iam::123456789012:role/sink", "s3.assume.role.external.id",
                EXTERNAL_ID, "s3.assume.role.session.name", "my-session"));
        assertThat(c.region()).isEqualTo("eu-west-1");
        assertThat(c.storeUrl()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(c.pathStyleAccess()).isTrue();
        assertThat(c.partSize()).isEqualTo(5 * 1024 * 1024);
        assertThat(c.credentialsMode()).isEqualTo(CredentialsMode.ASSUME_ROLE);
        assertThat(c.profileName()).contains("prod");
        assertThat(c.assumeRoleArn()).contains("arn:aws:iam::123456789012:role/sink");
        assertThat(c.assumeRoleExternalId().orElseThrow().value()).isEqualTo(EXTERNAL_ID);
        assertThat(c.assumeRoleSessionName()).isEqualTo("my-session");
    }

    @Test
    void everyKeyIsFullyDocumented() {
        ConfigDef def = S3StorageConfig.addTo(new ConfigDef(), "S3");
        assertThat(def.configKeys()).containsOnlyKeys("s3.bucket.name", "s3.region", "store.url",
                "s3.path.style.access.enabled", "s3.part.size", "s3.credentials.provider", "aws.access.key.id",
                "aws.secret.access.key", "aws.profile.name", "s3.assume.role.arn", "s3.assume.role.external.id",
                "s3.assume.role.session.name", "s3.storage.class", "s3.ssea.name", "s3.sse.kms.key.id",
                "s3.object.tags", "s3.part.retries", "s3.retry.backoff.ms", "s3.retry.max.backoff.ms");
        def.configKeys().values().forEach(k -> {
            assertThat(k.documentation).as(k.name).isNotBlank().endsWith(".");
            assertThat(k.group).as(k.name).isEqualTo("S3");
            assertThat(k.orderInGroup).as(k.name).isPositive();
            assertThat(k.displayName).as(k.name).isNotBlank();
            assertThat(k.width).as(k.name).isNotNull();
        });
        assertThat(def.configKeys().get("aws.secret.access.key").type).isEqualTo(ConfigDef.Type.PASSWORD);
        assertThat(def.configKeys().get("s3.assume.role.external.id").type).isEqualTo(ConfigDef.Type.PASSWORD);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "s3.bucket.name|A_Bad_Bucket",
        "s3.bucket.name|ab",
        "s3.region|'  '",
        "store.url|ftp://example.com",
        "store.url|not a url",
        "store.url|http://user:pw@example.com",
        "store.url|localhost:9000",
        "s3.path.style.access.enabled|maybe",
        "s3.part.size|5242879",
        "s3.part.size|2147483647",
        "s3.part.size|lots",
        "s3.credentials.provider|ldap",
        "s3.assume.role.session.name|has space",
    })
    void invalidValueErrorNamesItsKey(String key, String value) {
        assertThatThrownBy(() -> parse(props(key, value)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void bucketIsRequired() {
        assertThatThrownBy(() -> parse(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("s3.bucket.name");
    }

    @Test
    void partSizeBoundsAreS3Limits() {
        assertThat(S3StorageConfig.of(props("s3.part.size", "5242880")).partSize()).isEqualTo(5 * 1024 * 1024);
        assertThat(S3StorageConfig.MIN_PART_SIZE).isEqualTo(5 * 1024 * 1024);
        // 10,000 parts of 25 MiB is the largest object at the default part size.
        assertThat(S3StorageConfig.of(props()).maxObjectSize()).isEqualTo(10_000L * 25 * 1024 * 1024);
        assertThat(S3StorageConfig.maxObjectSize(S3StorageConfig.MIN_PART_SIZE)).isEqualTo(52_428_800_000L);
        assertThat(S3StorageConfig.maxObjectSize(S3StorageConfig.MAX_PART_SIZE)).isGreaterThan(5L << 40);
    }

    @Test
    void credentialsProviderNamesAreCaseInsensitive() {
        assertThat(S3StorageConfig.of(props("s3.credentials.provider", " STATIC ", "aws.access.key.id", "AK",
                "aws.secret.access.key", SECRET)).credentialsMode()).isEqualTo(CredentialsMode.STATIC);
    }

    @Test
    void staticProviderRequiresBothKeys() {
        List<ConfigValue> errors = S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider",
                "static")));
        assertThat(errors).extracting(ConfigValue::name)
                .containsExactlyInAnyOrder("aws.access.key.id", "aws.secret.access.key");
        errors.forEach(e -> assertThat(e.errorMessages()).singleElement().asString().contains(e.name()));

        assertThat(S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider", "static",
                "aws.access.key.id", "AKIA", "aws.secret.access.key", SECRET)))).isEmpty();
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider", "static",
                "aws.access.key.id", "AKIA")))).extracting(ConfigValue::name)
                .containsExactly("aws.secret.access.key");
    }

    @Test
    void assumeRoleRequiresAnArn() {
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider", "assume-role"))))
                .singleElement().satisfies(e -> {
                    assertThat(e.name()).isEqualTo("s3.assume.role.arn");
                    assertThat(e.errorMessages()).singleElement().asString().contains("s3.assume.role.arn");
                });
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider", "assume-role",
                "s3.assume.role.arn", "role/sink")))).extracting(ConfigValue::name)
                .containsExactly("s3.assume.role.arn");
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("s3.credentials.provider", "assume-role",
                "s3.assume.role.arn", "arn:aws:iam::123456789012:role/sink")))).isEmpty();
    }

    @Test
    void keysWithoutStaticProviderAreFlagged() {
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("aws.access.key.id", "AKIA",
                "aws.secret.access.key", SECRET)))).singleElement().satisfies(e -> {
                    assertThat(e.name()).isEqualTo("s3.credentials.provider");
                    assertThat(e.errorMessages().toString()).doesNotContain(SECRET);
                });
    }

    @Test
    void localEndpointNeedsPathStyle() {
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("store.url", "http://127.0.0.1:9000"))))
                .extracting(ConfigValue::name).containsExactly("s3.path.style.access.enabled");
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("store.url", "http://localhost:9000",
                "s3.path.style.access.enabled", "true")))).isEmpty();
        assertThat(S3StorageConfig.crossFieldValidation(parse(props("store.url", "https://s3.example.com"))))
                .isEmpty();
    }

    @Test
    void secretsNeverAppearInToStringOrErrors() {
        Map<String, String> p = props("s3.credentials.provider", "static", "aws.access.key.id", "AKIAEXAMPLE",
                "aws.secret.access.key", SECRET, "s3.assume.role.external.id", EXTERNAL_ID);
        AbstractConfig parsed = parse(p);
        S3StorageConfig c = new S3StorageConfig(parsed);
        assertThat(c.toString()).contains("AKIAEXAMPLE", "[hidden]").doesNotContain(SECRET, EXTERNAL_ID);
        assertThat(c.secretAccessKey().toString()).doesNotContain(SECRET);
        assertThat(parsed.toString()).doesNotContain(SECRET, EXTERNAL_ID);

        // Cross-field errors with a secret set but another key missing or a different mode.
        Map<String, String> noId = props("s3.credentials.provider", "static", "aws.secret.access.key", SECRET,
                "s3.assume.role.external.id", EXTERNAL_ID);
        Map<String, String> wrongMode = props("s3.credentials.provider", "assume-role", "aws.secret.access.key",
                SECRET, "s3.assume.role.external.id", EXTERNAL_ID);
        for (Map<String, String> m : List.of(noId, wrongMode)) {
            List<ConfigValue> errors = S3StorageConfig.crossFieldValidation(parse(m));
            assertThat(errors).isNotEmpty();
            assertThat(errors.toString()).doesNotContain(SECRET, EXTERNAL_ID);
            assertThat(new S3StorageConfig(parse(m)).toString()).doesNotContain(SECRET, EXTERNAL_ID);
        }

        // A parse error on another key does not echo the secret.
        Map<String, String> bad = new HashMap<>(p);
        bad.put("s3.part.size", "1");
        assertThatThrownBy(() -> parse(bad)).hasMessageNotContaining(SECRET).hasMessageNotContaining(EXTERNAL_ID);
    }

    @Test
    void userAgentSuffixNamesThePack() {
        assertThat(S3ClientFactory.userAgentSuffix()).startsWith("tiered-connect/").hasSizeGreaterThan(15);
    }
}
