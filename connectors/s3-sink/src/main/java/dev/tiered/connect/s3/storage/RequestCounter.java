package dev.tiered.connect.s3.storage;

/**
 * Told about every S3 request the storage classes send, successful or not, so request-cost metrics can be built on
 * top. Implementations must be thread-safe if shared between streams; they must not throw.
 */
public interface RequestCounter {

    /**
     * The S3 request kinds this module sends. AWS bills PUT, COPY, POST and LIST requests at the PUT-class price,
     * GET and HEAD at the (ten times lower) GET-class price; aborts and deletes are free.
     */
    enum Request {
        PUT_OBJECT, CREATE_MULTIPART_UPLOAD, UPLOAD_PART, COMPLETE_MULTIPART_UPLOAD, ABORT_MULTIPART_UPLOAD,
        LIST_OBJECTS, COPY_OBJECT, GET_OBJECT, HEAD_OBJECT, HEAD_BUCKET, DELETE_OBJECT;

        /** Whether AWS bills this request at the PUT/COPY/POST/LIST price. */
        public boolean putClass() {
            return switch (this) {
                case PUT_OBJECT, CREATE_MULTIPART_UPLOAD, UPLOAD_PART, COMPLETE_MULTIPART_UPLOAD, LIST_OBJECTS,
                     COPY_OBJECT -> true;
                default -> false;
            };
        }
    }

    /**
     * One request was sent.
     *
     * @param request its kind
     * @param bytes   body bytes sent (0 for requests without a payload)
     * @param success whether S3 accepted it
     */
    void onRequest(Request request, long bytes, boolean success);

    /** As {@link #onRequest(Request, long, boolean)}, with how long the request took, SDK retries included. */
    default void onRequest(Request request, long bytes, boolean success, long durationNanos) {
        onRequest(request, bytes, success);
    }

    /** Tells both counters about every request. */
    static RequestCounter tee(RequestCounter first, RequestCounter second) {
        return new RequestCounter() {
            @Override
            public void onRequest(Request request, long bytes, boolean success) {
                first.onRequest(request, bytes, success);
                second.onRequest(request, bytes, success);
            }

            @Override
            public void onRequest(Request request, long bytes, boolean success, long durationNanos) {
                first.onRequest(request, bytes, success, durationNanos);
                second.onRequest(request, bytes, success, durationNanos);
            }
        };
    }

    RequestCounter NONE = (request, bytes, success) -> { };
}
