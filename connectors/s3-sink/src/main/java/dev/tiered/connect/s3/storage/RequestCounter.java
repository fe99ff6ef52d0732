package dev.tiered.connect.s3.storage;

/**
 * Told about every S3 request the storage classes send, successful or not, so request-cost metrics can be built on
 * top. Implementations must be thread-safe if shared between streams; they must not throw.
 */
public interface RequestCounter {

    /**
     * The S3 request kinds this module sends. AWS bills all but {@link #ABORT_MULTIPART_UPLOAD} at the PUT/COPY/POST/
     * LIST request price; aborts (like deletes) are free.
     */
    enum Request {
        PUT_OBJECT, CREATE_MULTIPART_UPLOAD, UPLOAD_PART, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD,
        LIST_OBJECTS
    }

    /**
     * One request was sent.
     *
     * @param request its kind
     * @param bytes   body bytes sent (0 for requests without a payload)
     * @param success whether S3 accepted it
     */
    void onRequest(Request request, long bytes, boolean success);

    RequestCounter NONE = (request, bytes, success) -> { };
}
