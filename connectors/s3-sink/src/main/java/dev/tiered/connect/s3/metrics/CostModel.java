package dev.tiered.connect.s3.metrics;

/**
 * Prices to turn request counts and bytes into money. Defaults: the published S3 Standard prices for us-east-1
 * (PUT, COPY, POST and LIST requests $0.005 per 1,000; GET and HEAD $0.0004 per 1,000; storage $0.023 per GB-month).
 *
 * @param putRequestsPer1000 USD per 1,000 PUT-class requests (LIST included, as AWS bills it)
 * @param getRequestsPer1000 USD per 1,000 GET-class requests
 * @param storageGbMonth     USD per GB stored for a month
 */
public record CostModel(double putRequestsPer1000, double getRequestsPer1000, double storageGbMonth) {

    public static final double PUT_PER_1000_DEFAULT = 0.005;
    public static final double GET_PER_1000_DEFAULT = 0.0004;
    public static final double STORAGE_GB_MONTH_DEFAULT = 0.023;
    private static final double GB = 1024.0 * 1024 * 1024;

    public static CostModel defaults() {
        return new CostModel(PUT_PER_1000_DEFAULT, GET_PER_1000_DEFAULT, STORAGE_GB_MONTH_DEFAULT);
    }

    public double requestCost(long putClassRequests, long getClassRequests) {
        return putClassRequests / 1000.0 * putRequestsPer1000 + getClassRequests / 1000.0 * getRequestsPer1000;
    }

    /** What storing {@code bytes} costs per month. */
    public double storageCostPerMonth(long bytes) {
        return bytes / GB * storageGbMonth;
    }
}
