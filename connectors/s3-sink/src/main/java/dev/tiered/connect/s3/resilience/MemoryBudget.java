package dev.tiered.connect.s3.resilience;

/**
 * The task's own accounting of the heap its open files hold (Parquet row-group buffers and S3 part buffers), against
 * {@code memory.budget.bytes}. Writers report changes as they happen; the task commits the largest batch early while
 * the total is over the budget, and records the peak it allowed. Updated on the task thread, read by metrics.
 */
public final class MemoryBudget {

    private final long budgetBytes;
    private volatile long usedBytes;
    private volatile long peakBytes;
    private volatile long earlyCommits;

    public MemoryBudget(long budgetBytes) {
        if (budgetBytes <= 0) {
            throw new IllegalArgumentException("memory budget must be positive: " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** A budget nothing can exceed, for writers used without a task. */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE);
    }

    public void add(long deltaBytes) {
        usedBytes += deltaBytes;
    }

    public boolean exceeded() {
        return usedBytes > budgetBytes;
    }

    /** Called once the task has brought usage back within the budget: the highest usage it let stand. */
    public void settled() {
        if (usedBytes > peakBytes) {
            peakBytes = usedBytes;
        }
    }

    public void earlyCommit() {
        earlyCommits++;
    }

    public long budgetBytes() {
        return budgetBytes;
    }

    public long usedBytes() {
        return usedBytes;
    }

    public long peakBytes() {
        return peakBytes;
    }

    public long earlyCommits() {
        return earlyCommits;
    }
}
