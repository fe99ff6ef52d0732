package dev.tiered.connect.s3.storage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * What every data object is created with: storage class, server-side encryption (SSE-S3, or SSE-KMS with an optional
 * key id) and tags. Applied alike to PutObject, CreateMultipartUpload and the CopyObject that names a staged multipart
 * object, so an object's class, encryption and tags do not depend on its size.
 *
 * @param storageClass S3 storage class name, or empty for the bucket default (STANDARD)
 * @param sse          {@code AES256}, {@code aws:kms}, {@code aws:kms:dsse}, or empty for the bucket default
 * @param kmsKeyId     KMS key id or ARN for {@code aws:kms*}, or empty for the AWS-managed key
 * @param tags         object tags, in order
 */
public record ObjectWriteOptions(String storageClass, String sse, String kmsKeyId, Map<String, String> tags) {

    public static final ObjectWriteOptions DEFAULTS = new ObjectWriteOptions("", "", "", Map.of());

    public ObjectWriteOptions {
        storageClass = storageClass == null ? "" : storageClass;
        sse = sse == null ? "" : sse;
        kmsKeyId = kmsKeyId == null ? "" : kmsKeyId;
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The same encryption, without storage class and tags: for the sink's small bookkeeping objects. */
    public ObjectWriteOptions encryptionOnly() {
        return new ObjectWriteOptions("", sse, kmsKeyId, Map.of());
    }

    /** Tags in the URL query form S3's {@code x-amz-tagging} header takes, or null if none. */
    String tagging() {
        if (tags.isEmpty()) {
            return null;
        }
        return tags.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request) {
        apply(request::storageClass, request::serverSideEncryption, request::ssekmsKeyId, request::tagging);
        return request;
    }

    CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder request) {
        apply(request::storageClass, request::serverSideEncryption, request::ssekmsKeyId, request::tagging);
        return request;
    }

    CopyObjectRequest.Builder applyTo(CopyObjectRequest.Builder request) {
        // Without REPLACE a copy keeps the staging object's tags.
        apply(request::storageClass, request::serverSideEncryption, request::ssekmsKeyId,
                tagging -> request.tagging(tagging).taggingDirective(TaggingDirective.REPLACE));
        return request;
    }

    /** The three request builders share these setters by name only, so each passes its own. */
    private void apply(Consumer<String> storageClassSetter, Consumer<String> sseSetter, Consumer<String> kmsKeySetter,
                       Consumer<String> taggingSetter) {
        if (!storageClass.isEmpty()) {
            storageClassSetter.accept(storageClass);
        }
        if (!sse.isEmpty()) {
            sseSetter.accept(sse);
        }
        if (!kmsKeyId.isEmpty()) {
            kmsKeySetter.accept(kmsKeyId);
        }
        String tagging = tagging();
        if (tagging != null) {
            taggingSetter.accept(tagging);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
