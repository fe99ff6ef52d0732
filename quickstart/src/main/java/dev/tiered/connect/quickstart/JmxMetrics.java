package dev.tiered.connect.quickstart;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The pack's plugin metrics (KIP-877) of running connectors, read where the workers of this JVM publish them: the
 * platform MBean server, under {@code kafka.connect:type=plugins,connector=<name>,task=<n>[,...]}.
 */
final class JmxMetrics {

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    /** The sum of {@code metric} over every MBean of the connector that has it (0 before tasks register it). */
    double sum(String connector, String metric) {
        double sum = 0;
        for (ObjectName name : names(connector)) {
            try {
                Object value = server.getAttribute(name, metric);
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    sum += n.doubleValue();
                }
            } catch (JMException | RuntimeException notThere) {
                // another MBean of the connector (a transformation's, a task's other tags)
            }
        }
        return sum;
    }

    long count(String connector, String metric) {
        return Math.round(sum(connector, metric));
    }

    private Set<ObjectName> names(String connector) {
        try {
            return server.queryNames(new ObjectName("kafka.connect:type=plugins,connector="
                    + quoteIfNeeded(connector) + ",*"), null);
        } catch (JMException e) {
            throw new IllegalStateException("Bad connector name for JMX: " + connector, e);
        }
    }

    private static String quoteIfNeeded(String value) {
        return value.matches("[A-Za-z0-9._-]+") ? value : ObjectName.quote(value);
    }
}
