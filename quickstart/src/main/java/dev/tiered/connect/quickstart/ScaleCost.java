package dev.tiered.connect.quickstart;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly cost at the seeds' scale for the routing this run measured, against sending everything through the
 * streaming path. The S3 side comes from the sink's own metrics (its estimated cost, requests and bytes per record it
 * wrote, scaled up); the transport prices are the seeds' stated assumptions, listed in {@link #ASSUMPTIONS}.
 *
 * @param hotShare          share of the generator's events the router sent to the hot topic
 * @param s3UsdPerRecord    the sink's estimated-cost-usd-total / records-written-total (requests + a month of storage)
 * @param putsPerRecord     the sink's PUT-class (and LIST) requests per record written
 * @param parquetBytesPerRecord the sink's bytes uploaded per record written
 */
record ScaleCost(double hotShare, double s3UsdPerRecord, double putsPerRecord, double parquetBytesPerRecord) {

    /** Seeds' capacity table: 1 billion events a day, ~1 KB of JSON each (1 TB/day). */
    static final double EVENTS_PER_DAY = 1e9;
    static final double EVENT_BYTES = 1_000;
    static final double DAYS_PER_MONTH = 30;
    /** ingestion-architecture.txt, "Cost vs Freshness": streaming (< 1 min) $0.10-0.50 per GB; the midpoint. */
    static final double STREAMING_USD_PER_GB = 0.30;
    /** Same table: micro-batch (1-15 min, the sink's rotate.schedule.interval.ms of 10 min) $0.05-0.15 per GB. */
    static final double BATCH_USD_PER_GB = 0.10;

    static final List<String> ASSUMPTIONS = List.of(
            "scale: 1,000,000,000 events/day of ~1 KB JSON = 1 TB/day, 30-day month (seeds' capacity table)",
            "streaming path (< 1 min): $0.30 per GB, the midpoint of $0.10-0.50/GB (ingestion-architecture.txt,"
                    + " Cost vs Freshness)",
            "cold path transport (micro-batch, 1-15 min): $0.10 per GB, the midpoint of $0.05-0.15/GB (same table);"
                    + " it still crosses Kafka on the cold topic",
            "S3: the sink's own estimated-cost-usd-total per record written (PUT-class and LIST requests at $0.005/1,000,"
                    + " GET at $0.0004/1,000, one month of storage at $0.023/GB), measured here and scaled up; this"
                    + " run's small, short-lived batches make it pessimistic",
            "everything-streaming leaves out the storage of its own output, which favours it");

    double gbPerDay() {
        return EVENTS_PER_DAY * EVENT_BYTES / 1e9;
    }

    double allStreamingMonthly() {
        return gbPerDay() * STREAMING_USD_PER_GB * DAYS_PER_MONTH;
    }

    double hotMonthly() {
        return hotShare * gbPerDay() * STREAMING_USD_PER_GB * DAYS_PER_MONTH;
    }

    double coldTransportMonthly() {
        return (1 - hotShare) * gbPerDay() * BATCH_USD_PER_GB * DAYS_PER_MONTH;
    }

    double coldRecordsPerMonth() {
        return (1 - hotShare) * EVENTS_PER_DAY * DAYS_PER_MONTH;
    }

    double s3Monthly() {
        return coldRecordsPerMonth() * s3UsdPerRecord;
    }

    double tieredMonthly() {
        return hotMonthly() + coldTransportMonthly() + s3Monthly();
    }

    double savingsShare() {
        return 1 - tieredMonthly() / allStreamingMonthly();
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hotShare", hotShare);
        map.put("s3UsdPerColdRecord", s3UsdPerRecord);
        map.put("putRequestsPerColdRecord", putsPerRecord);
        map.put("parquetBytesPerColdRecord", parquetBytesPerRecord);
        map.put("putRequestsPerMonth", coldRecordsPerMonth() * putsPerRecord);
        map.put("parquetTbPerMonth", coldRecordsPerMonth() * parquetBytesPerRecord / 1e12);
        map.put("allStreamingUsdPerMonth", allStreamingMonthly());
        map.put("tieredUsdPerMonth", tieredMonthly());
        map.put("tieredHotUsdPerMonth", hotMonthly());
        map.put("tieredColdTransportUsdPerMonth", coldTransportMonthly());
        map.put("tieredS3UsdPerMonth", s3Monthly());
        map.put("savingsShare", savingsShare());
        map.put("assumptions", ASSUMPTIONS);
        return map;
    }

    List<String> lines() {
        return List.of(
                String.format(Locale.ROOT, "  everything through the streaming path  $%,12.0f / month", allStreamingMonthly()),
                String.format(Locale.ROOT, "  this routing (%.1f%% hot)               $%,12.0f / month  (%.0f%% less)",
                        100 * hotShare, tieredMonthly(), 100 * savingsShare()),
                String.format(Locale.ROOT, "    hot path, streaming                 $%,12.0f", hotMonthly()),
                String.format(Locale.ROOT, "    cold path, micro-batch transport    $%,12.0f", coldTransportMonthly()),
                String.format(Locale.ROOT, "    S3 (%,.0f PUT-class requests, %.1f TB Parquet)  $%,12.0f",
                        coldRecordsPerMonth() * putsPerRecord, coldRecordsPerMonth() * parquetBytesPerRecord / 1e12,
                        s3Monthly()));
    }
}
