package dev.tiered.connect.s3.metrics;

import dev.tiered.connect.s3.batch.RotationReason;
import dev.tiered.connect.s3.storage.RequestCounter;
import dev.tiered.connect.s3.writer.CommitListener;
import dev.tiered.connect.s3.writer.CommitMarker;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.MetricValueProvider;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.slf4j.LoggerFactory;

/**
 * What the sink costs, counted where it happens: every S3 request (as a {@link RequestCounter}) and every committed
 * batch (as a {@link CommitListener}). Published as Kafka plugin metrics (KIP-877; on JMX under
 * {@code kafka.connect:type=plugins,connector=...,task=...}) and summarised in a periodic log line. Thread-safe: the
 * task thread counts, the metrics reporter reads.
 */
public final class SinkMetrics implements RequestCounter, CommitListener {

    private static final int KINDS = Request.values().length;

    private final CostModel prices;
    private final AtomicLongArray requests = new AtomicLongArray(KINDS);
    private final LongAdder failedRequests = new LongAdder();
    private final LongAdder bytesUploaded = new LongAdder();
    private final LongAdder records = new LongAdder();
    private final LongAdder objects = new LongAdder();
    private final LongAdder objectBytes = new LongAdder();
    private final LongAdder batches = new LongAdder();

    public SinkMetrics(CostModel prices) {
        this.prices = prices;
    }

    @Override
    public void onRequest(Request request, long bytes, boolean success) {
        requests.incrementAndGet(request.ordinal());
        if (success && (request == Request.PUT_OBJECT || request == Request.UPLOAD_PART)) {
            bytesUploaded.add(bytes);
        }
        if (!success) {
            failedRequests.increment();
        }
    }

    @Override
    public void committed(TopicPartition partition, CommitMarker marker, RotationReason reason) {
        batches.increment();
        records.add(marker.records());
        objects.add(marker.objects().size());
        for (CommitMarker.CommittedObject o : marker.objects()) {
            objectBytes.add(o.bytes());
        }
    }

    public long requests(Request request) {
        return requests.get(request.ordinal());
    }

    /** PUT, CreateMultipartUpload, UploadPart, CompleteMultipartUpload and CopyObject. */
    public long putClassRequests() {
        return requests(Request.PUT_OBJECT) + requests(Request.CREATE_MULTIPART_UPLOAD) + requests(Request.UPLOAD_PART)
                + requests(Request.COMPLETE_MULTIPART_UPLOAD) + requests(Request.COPY_OBJECT);
    }

    public long listRequests() {
        return requests(Request.LIST_OBJECTS);
    }

    public long getClassRequests() {
        return requests(Request.GET_OBJECT) + requests(Request.HEAD_OBJECT) + requests(Request.HEAD_BUCKET);
    }

    public long failedRequests() {
        return failedRequests.sum();
    }

    public long bytesUploaded() {
        return bytesUploaded.sum();
    }

    public long recordsWritten() {
        return records.sum();
    }

    public long objectsWritten() {
        return objects.sum();
    }

    public long objectBytes() {
        return objectBytes.sum();
    }

    public double averageObjectBytes() {
        long n = objectsWritten();
        return n == 0 ? 0 : (double) objectBytes() / n;
    }

    /** Requests (PUT-class and LIST at the PUT price, GET-class at the GET price) plus one month of the bytes written. */
    public double estimatedCostUsd() {
        return prices.requestCost(putClassRequests() + listRequests(), getClassRequests())
                + prices.storageCostPerMonth(objectBytes());
    }

    /**
     * Registers the metrics. {@code pausedMillis}, {@code memoryUsed}, {@code memoryPeak} and {@code latency} come
     * from the task's other parts.
     */
    public void register(PluginMetrics metrics, LongSupplier pausedMillis, LongSupplier pausedPartitions,
                         LongSupplier memoryUsed, LongSupplier memoryPeak, long memoryBudget,
                         DoubleSupplier latencyMillis, LongSupplier breakerTrips) {
        gauge(metrics, "s3-put-requests-total", "PUT-class S3 requests: PutObject, CreateMultipartUpload, UploadPart, "
                + "CompleteMultipartUpload, CopyObject", this::putClassRequests);
        gauge(metrics, "s3-list-requests-total", "S3 ListObjectsV2 requests (billed at the PUT price)",
                this::listRequests);
        gauge(metrics, "s3-get-requests-total", "GET-class S3 requests: GetObject, HeadObject, HeadBucket",
                this::getClassRequests);
        gauge(metrics, "s3-failed-requests-total", "S3 requests that failed after the SDK's retries",
                this::failedRequests);
        gauge(metrics, "bytes-uploaded-total", "Bytes sent to S3 in PutObject and UploadPart requests",
                this::bytesUploaded);
        gauge(metrics, "records-written-total", "Records in committed S3 objects", this::recordsWritten);
        gauge(metrics, "objects-written-total", "Committed S3 data objects", this::objectsWritten);
        measurable(metrics, "object-size-avg-bytes", "Average size of committed S3 data objects",
                this::averageObjectBytes);
        measurable(metrics, "estimated-cost-usd-total", "Estimated S3 cost of what this task wrote: requests plus "
                + "one month of storage, at the configured prices", this::estimatedCostUsd);
        gauge(metrics, "paused-time-ms-total", "Time with partitions paused for S3 (latency breaker or failure)",
                pausedMillis);
        gauge(metrics, "partitions-paused", "Partitions currently paused for S3", pausedPartitions);
        gauge(metrics, "memory-used-bytes", "Heap held by open files, as the task accounts it", memoryUsed);
        gauge(metrics, "memory-peak-bytes", "Highest heap held by open files after enforcing the budget",
                memoryPeak);
        gauge(metrics, "memory-budget-bytes", "The configured memory.budget.bytes", () -> memoryBudget);
        measurable(metrics, "s3-latency-avg-ms", "Mean latency of latency-relevant S3 requests in the breaker's "
                + "window", latencyMillis);
        gauge(metrics, "s3-breaker-trips-total", "Times the latency breaker paused the partitions", breakerTrips);
    }

    /** One line for the log: what was written and what it cost. */
    public String summary() {
        return String.format(Locale.ROOT, "%d records in %d objects (avg %.1f KB), %d PUT-class + %d LIST + %d GET-class "
                        + "S3 requests (%d failed), %.1f MB uploaded, estimated cost $%.6f",
                recordsWritten(), objectsWritten(), averageObjectBytes() / 1024, putClassRequests(), listRequests(),
                getClassRequests(), failedRequests(), bytesUploaded() / 1e6, estimatedCostUsd());
    }

    private static void gauge(PluginMetrics metrics, String name, String description, LongSupplier value) {
        register(metrics, name, description, (Gauge<Long>) (config, now) -> value.getAsLong());
    }

    private static void measurable(PluginMetrics metrics, String name, String description, DoubleSupplier value) {
        register(metrics, name, description, (Measurable) (config, now) -> value.getAsDouble());
    }

    /**
     * Publishes one metric. A previous instance of this task on the same worker whose graceful stop timed out (e.g.
     * stuck on S3) still holds the same names until it closes; the task must start anyway, so the metric is then not
     * published.
     */
    private static void register(PluginMetrics metrics, String name, String description,
                                 MetricValueProvider<?> value) {
        try {
            metrics.addMetric(metrics.metricName(name, description, new LinkedHashMap<>()), value);
        } catch (IllegalArgumentException e) {
            LoggerFactory.getLogger(SinkMetrics.class).warn("S3 sink metric {} not published: a previous instance of"
                    + " this task on this worker (not stopped yet) still holds it ({})", name, e.getMessage());
        }
    }
}
