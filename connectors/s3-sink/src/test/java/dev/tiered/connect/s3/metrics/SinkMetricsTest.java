package dev.tiered.connect.s3.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tiered.connect.s3.batch.RotationReason;
import dev.tiered.connect.s3.storage.RequestCounter.Request;
import dev.tiered.connect.s3.writer.CommitMarker;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Request classes, bytes, objects and the money they add up to at the configured prices. */
class SinkMetricsTest {

    @Test
    void countsRequestsByBillingClassAndPricesThem() {
        SinkMetrics metrics = new SinkMetrics(CostModel.defaults());
        for (int i = 0; i < 1_000; i++) {
            metrics.onRequest(Request.PUT_OBJECT, 1_000, true, 1_000_000);
        }
        metrics.onRequest(Request.CREATE_MULTIPART_UPLOAD, 0, true);
        metrics.onRequest(Request.UPLOAD_PART, 5_000_000, true);
        metrics.onRequest(Request.UPLOAD_PART, 5_000_000, false);
        metrics.onRequest(Request.COMPLETE_MULTIPART_UPLOAD, 0, true);
        metrics.onRequest(Request.COPY_OBJECT, 0, true);
        metrics.onRequest(Request.LIST_OBJECTS, 0, true);
        metrics.onRequest(Request.HEAD_OBJECT, 0, true);
        metrics.onRequest(Request.GET_OBJECT, 0, true);
        metrics.onRequest(Request.DELETE_OBJECT, 0, true);

        assertThat(metrics.putClassRequests()).isEqualTo(1_000 + 1 + 2 + 1 + 1);
        assertThat(metrics.listRequests()).isEqualTo(1);
        assertThat(metrics.getClassRequests()).isEqualTo(2);
        assertThat(metrics.failedRequests()).isEqualTo(1);
        assertThat(metrics.bytesUploaded()).as("only what S3 accepted").isEqualTo(1_000 * 1_000 + 5_000_000);
        double expected = (1_005 + 1) / 1000.0 * 0.005 + 2 / 1000.0 * 0.0004;
        assertThat(metrics.estimatedCostUsd()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void committedBatchesGiveRecordsObjectsAndOneMonthOfStorage() {
        SinkMetrics metrics = new SinkMetrics(new CostModel(0, 0, 0.023));
        long gb = 1024L * 1024 * 1024;
        metrics.committed(new TopicPartition("t", 0), new CommitMarker("t", 0, 0, 99, 100, List.of(
                new CommitMarker.CommittedObject("a", null, 60, gb / 2),
                new CommitMarker.CommittedObject("b", null, 40, gb / 2))), RotationReason.RECORDS);

        assertThat(metrics.recordsWritten()).isEqualTo(100);
        assertThat(metrics.objectsWritten()).isEqualTo(2);
        assertThat(metrics.averageObjectBytes()).isEqualTo(gb / 2.0);
        assertThat(metrics.estimatedCostUsd()).isCloseTo(0.023, within(1e-9));
        assertThat(metrics.summary()).contains("100 records in 2 objects");
    }
}
