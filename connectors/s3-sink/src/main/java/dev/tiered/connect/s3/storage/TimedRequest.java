package dev.tiered.connect.s3.storage;

import dev.tiered.connect.s3.storage.RequestCounter.Request;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;

/** Sends one S3 request, reports it (kind, bytes, outcome, duration) and turns SDK failures into a named exception. */
final class TimedRequest {

    private TimedRequest() {
    }

    static <T> T send(RequestCounter counter, Request kind, long bytes, String operation, String bucket, String key,
                      Supplier<T> call) throws S3StorageException {
        long start = System.nanoTime();
        try {
            T result = call.get();
            counter.onRequest(kind, bytes, true, System.nanoTime() - start);
            return result;
        } catch (SdkException e) {
            counter.onRequest(kind, bytes, false, System.nanoTime() - start);
            throw new S3StorageException(operation, bucket, key, e);
        }
    }
}
