package dev.tiered.connect.s3.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/** Storage class, encryption and tags: parsed from config, validated, and set alike on every request that creates. */
class ObjectWriteOptionsTest {

    private static S3StorageConfig config(Map<String, String> extra) {
        Map<String, String> props = new HashMap<>(Map.of("s3.bucket.name", "lake"));
        props.putAll(extra);
        return S3StorageConfig.of(props);
    }

    @Test
    void defaultsLeaveEveryHeaderToTheBucket() {
        ObjectWriteOptions options = config(Map.of()).writeOptions();

        PutObjectRequest put = options.applyTo(PutObjectRequest.builder()).build();
        assertThat(put.storageClassAsString()).isNull();
        assertThat(put.serverSideEncryptionAsString()).isNull();
        assertThat(put.tagging()).isNull();
    }

    @Test
    void everyCreatingRequestGetsClassEncryptionAndTags() {
        ObjectWriteOptions options = config(Map.of("s3.storage.class", "intelligent_tiering", "s3.ssea.name",
                "aws:kms", "s3.sse.kms.key.id", "arn:aws:kms:eu-west-1:123456789012:key/abc",
                "s3.object.tags", "team=data platform,tier=cold&frozen")).writeOptions();

        PutObjectRequest put = options.applyTo(PutObjectRequest.builder()).build();
        CreateMultipartUploadRequest create = options.applyTo(CreateMultipartUploadRequest.builder()).build();
        CopyObjectRequest copy = options.applyTo(CopyObjectRequest.builder()).build();

        assertThat(put.storageClassAsString()).isEqualTo("INTELLIGENT_TIERING");
        assertThat(put.serverSideEncryptionAsString()).isEqualTo("aws:kms");
        assertThat(put.ssekmsKeyId()).endsWith("key/abc");
        assertThat(put.tagging()).isEqualTo("team=data%20platform&tier=cold%26frozen");
        assertThat(create.storageClassAsString()).isEqualTo(put.storageClassAsString());
        assertThat(create.ssekmsKeyId()).isEqualTo(put.ssekmsKeyId());
        assertThat(create.tagging()).isEqualTo(put.tagging());
        assertThat(copy.storageClassAsString()).isEqualTo(put.storageClassAsString());
        assertThat(copy.tagging()).isEqualTo(put.tagging());
        assertThat(copy.taggingDirective()).as("a copy would otherwise keep the staging object's tags")
                .isEqualTo(TaggingDirective.REPLACE);
    }

    @Test
    void bookkeepingObjectsKeepOnlyTheEncryption() {
        ObjectWriteOptions options = config(Map.of("s3.storage.class", "GLACIER_IR", "s3.ssea.name", "AES256",
                "s3.object.tags", "a=b")).writeOptions().encryptionOnly();

        PutObjectRequest put = options.applyTo(PutObjectRequest.builder()).build();
        assertThat(put.storageClassAsString()).isNull();
        assertThat(put.tagging()).isNull();
        assertThat(put.serverSideEncryptionAsString()).isEqualTo("AES256");
    }

    @Test
    void invalidValuesNameTheirKey() {
        assertThatThrownBy(() -> config(Map.of("s3.storage.class", "FAST")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3.storage.class")
                .hasMessageContaining("STANDARD_IA");
        assertThatThrownBy(() -> config(Map.of("s3.ssea.name", "rot13")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3.ssea.name");
        assertThatThrownBy(() -> config(Map.of("s3.object.tags", "novalue")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("s3.object.tags");
        assertThatThrownBy(() -> config(Map.of("s3.object.tags", "a=1,a=2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> config(Map.of("s3.object.tags",
                "a=1,b=1,c=1,d=1,e=1,f=1,g=1,h=1,i=1,j=1,k=1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("10");
    }

    @Test
    void aKmsKeyWithoutKmsEncryptionIsACrossKeyError() {
        Map<String, String> props = new HashMap<>(Map.of("s3.bucket.name", "lake", "s3.sse.kms.key.id", "key-1"));
        var config = new org.apache.kafka.common.config.AbstractConfig(
                S3StorageConfig.addTo(new org.apache.kafka.common.config.ConfigDef(), "S3"), props, false);

        assertThat(S3StorageConfig.crossFieldValidation(config))
                .anySatisfy(v -> {
                    assertThat(v.name()).isEqualTo("s3.sse.kms.key.id");
                    assertThat(v.errorMessages().get(0)).contains("s3.ssea.name");
                });
    }
}
