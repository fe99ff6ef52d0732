package dev.tiered.connect.quickstart;

import java.util.Map;
import java.util.function.Predicate;

/** Reads where the pipeline stands: records per path from Kafka, demotions, objects and requests from the plugins. */
final class PipelineProbe {

    /** One reading. {@code produced} is every routed record: the generator's events plus the CDC source's changes. */
    record Counts(long eventsHot, long eventsCold, long changesHot, long changesCold, long demoted, long objects,
                  long putRequests) {
        long events() {
            return eventsHot + eventsCold;
        }

        long changes() {
            return changesHot + changesCold;
        }

        long produced() {
            return events() + changes();
        }
    }

    static final String ROUTER_DEMOTED = "records-demoted-total";
    static final String SINK_PUTS = "s3-put-requests-total";
    static final String SINK_LISTS = "s3-list-requests-total";
    static final String SINK_GETS = "s3-get-requests-total";
    static final String SINK_OBJECTS = "objects-written-total";
    static final String SINK_RECORDS = "records-written-total";
    static final String SINK_BYTES = "bytes-uploaded-total";
    static final String SINK_COST = "estimated-cost-usd-total";

    private final KafkaTopics kafka;
    private final JmxMetrics jmx;
    private final Connectors connectors;

    PipelineProbe(KafkaTopics kafka, JmxMetrics jmx, Connectors connectors) {
        this.kafka = kafka;
        this.jmx = jmx;
        this.connectors = connectors;
    }

    KafkaTopics kafka() {
        return kafka;
    }

    JmxMetrics jmx() {
        return jmx;
    }

    Counts counts() {
        Map<String, Long> records = kafka.records(routed());
        String events = connectors.eventsTopic();
        long eventsHot = records.getOrDefault(events + ".hot", 0L);
        long eventsCold = records.getOrDefault(events + ".cold", 0L);
        long changesHot = 0;
        long changesCold = 0;
        for (Map.Entry<String, Long> topic : records.entrySet()) {
            if (isChangeTopic(topic.getKey())) {
                if (topic.getKey().endsWith(".hot")) {
                    changesHot += topic.getValue();
                } else {
                    changesCold += topic.getValue();
                }
            }
        }
        long demoted = jmx.count(connectors.generator.name(), ROUTER_DEMOTED)
                + jmx.count(connectors.cdc.name(), ROUTER_DEMOTED);
        long objects = 0;
        long puts = 0;
        for (ConnectorExample sink : connectors.sinks()) {
            objects += jmx.count(sink.name(), SINK_OBJECTS);
            puts += jmx.count(sink.name(), SINK_PUTS);
        }
        return new Counts(eventsHot, eventsCold, changesHot, changesCold, demoted, objects, puts);
    }

    /** Records the sinks have not yet committed to S3. */
    long sinkLag() {
        return kafka.sinkLag(connectors.eventsSink.name(), eventsCold())
                + kafka.sinkLag(connectors.cdcSink.name(), changesCold());
    }

    /** Every hot and cold topic of both sources. */
    Predicate<String> routed() {
        String events = connectors.eventsTopic();
        return topic -> topic.equals(events + ".hot") || topic.equals(events + ".cold") || isChangeTopic(topic);
    }

    Predicate<String> eventsCold() {
        String cold = connectors.eventsTopic() + ".cold";
        return cold::equals;
    }

    Predicate<String> changesCold() {
        return topic -> isChangeTopic(topic) && topic.endsWith(".cold");
    }

    private boolean isChangeTopic(String topic) {
        return topic.startsWith(connectors.cdcPrefix() + ".") && (topic.endsWith(".hot") || topic.endsWith(".cold"));
    }
}
