package dev.tiered.connect.s3.storage;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists keys under a prefix with ListObjectsV2, following continuation tokens, for recovery (finding the files a
 * previous run committed). Every LIST page is one request reported to the {@link RequestCounter}.
 */
public final class S3KeyLister {

    /** S3's maximum (and default) page size. */
    public static final int MAX_KEYS_PER_PAGE = 1000;

    private final S3Client s3;
    private final int maxKeysPerPage;
    private final RequestCounter counter;

    public S3KeyLister(S3Client s3, RequestCounter counter) {
        this(s3, MAX_KEYS_PER_PAGE, counter);
    }

    /** @param maxKeysPerPage page size, 1..1000; smaller pages only make sense in tests */
    public S3KeyLister(S3Client s3, int maxKeysPerPage, RequestCounter counter) {
        if (maxKeysPerPage < 1 || maxKeysPerPage > MAX_KEYS_PER_PAGE) {
            throw new IllegalArgumentException("maxKeysPerPage must be in [1, 1000]: " + maxKeysPerPage);
        }
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.maxKeysPerPage = maxKeysPerPage;
        this.counter = counter == null ? RequestCounter.NONE : counter;
    }

    /** All keys starting with {@code prefix}, in S3's (UTF-8 binary) order. */
    public List<String> listKeys(String bucket, String prefix) throws S3StorageException {
        List<String> keys = new ArrayList<>();
        listObjects(bucket, prefix, o -> keys.add(o.key()));
        return keys;
    }

    /** Calls {@code consumer} for every object under {@code prefix}, one page in memory at a time. */
    public void listObjects(String bucket, String prefix, Consumer<S3Object> consumer) throws S3StorageException {
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                    .bucket(bucket).prefix(prefix).maxKeys(maxKeysPerPage);
            if (token != null) {
                request.continuationToken(token);
            }
            ListObjectsV2Response page;
            long start = System.nanoTime();
            try {
                page = s3.listObjectsV2(request.build());
                counter.onRequest(Request.LIST_OBJECTS, 0, true, System.nanoTime() - start);
            } catch (SdkException e) {
                counter.onRequest(Request.LIST_OBJECTS, 0, false, System.nanoTime() - start);
                throw new S3StorageException("ListObjectsV2 (prefix '" + prefix + "')", bucket, null, e);
            }
            page.contents().forEach(consumer);
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
    }
}
