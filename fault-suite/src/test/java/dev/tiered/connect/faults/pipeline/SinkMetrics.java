package dev.tiered.connect.faults.pipeline;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Samples the S3 sink tasks' plugin metrics on JMX ({@code kafka.connect:type=plugins,connector=..,task=..}) twice a
 * second for the whole run. Tasks are restarted and moved by the faults, and a new task instance starts its counters
 * from zero: a counter that went down is taken as a new instance, and its predecessor's last value is kept. The
 * counters are therefore lower bounds (what a task counted after its last sample before it stopped is missed), and the
 * memory peak is the highest peak any sampled instance reported.
 */
public final class SinkMetrics implements AutoCloseable {

    public static final List<String> COUNTERS = List.of("s3-put-requests-total", "bytes-uploaded-total",
            "objects-written-total", "records-written-total", "s3-failed-requests-total", "paused-time-ms-total",
            "s3-breaker-trips-total");

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<String> connectors;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sink-metrics-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Double> last = new HashMap<>();
    private final Map<String, Double> carried = new HashMap<>();
    private double memoryPeak;
    private double memoryBudget;
    private double maxPausedPartitions;
    private int samples;

    public SinkMetrics(List<String> connectors) {
        this.connectors = List.copyOf(connectors);
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, 500, TimeUnit.MILLISECONDS);
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException | JMException ignored) {
            // an MBean unregistered between query and read: a task stopping
        }
    }

    /** Reads every task's metrics now. */
    public synchronized void sample() throws JMException {
        samples++;
        for (String connector : connectors) {
            for (ObjectName name : server.queryNames(
                    new ObjectName("kafka.connect:type=plugins,connector=" + connector + ",*"), null)) {
                if (name.getKeyProperty("task") == null || name.getKeyPropertyList().size() != 3) {
                    continue;
                }
                String task = connector + "/" + name.getKeyProperty("task");
                memoryPeak = Math.max(memoryPeak, read(name, "memory-peak-bytes"));
                memoryBudget = Math.max(memoryBudget, read(name, "memory-budget-bytes"));
                maxPausedPartitions = Math.max(maxPausedPartitions, read(name, "partitions-paused"));
                for (String counter : COUNTERS) {
                    String key = task + "/" + counter;
                    double value = read(name, counter);
                    Double previous = last.put(key, value);
                    if (previous != null && value < previous) {
                        carried.merge(key, previous, Double::sum);
                    }
                }
            }
        }
    }

    private double read(ObjectName name, String attribute) throws JMException {
        return ((Number) server.getAttribute(name, attribute)).doubleValue();
    }

    /** A counter summed over the tasks of {@code connector}, across task instances. */
    public synchronized long total(String connector, String counter) {
        double sum = 0;
        for (Map.Entry<String, Double> entry : last.entrySet()) {
            if (entry.getKey().startsWith(connector + "/") && entry.getKey().endsWith("/" + counter)) {
                sum += entry.getValue() + carried.getOrDefault(entry.getKey(), 0.0);
            }
        }
        return Math.round(sum);
    }

    public synchronized long memoryPeak() {
        return Math.round(memoryPeak);
    }

    public synchronized long memoryBudget() {
        return Math.round(memoryBudget);
    }

    public synchronized long maxPausedPartitions() {
        return Math.round(maxPausedPartitions);
    }

    public synchronized int samples() {
        return samples;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
