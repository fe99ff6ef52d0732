package dev.tiered.connect.transforms.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A destination topic name with {@code ${topic}} standing for the input topic, e.g. {@code ${topic}.hot}.
 * Rendered names are cached per input topic; the cache is bounded and simply starts over when full, which only
 * happens with very many input topics. Rendering is meant for one task thread; {@link #renderedNames()} may be read
 * from any thread.
 */
public final class TopicTemplate {

    public static final String TOPIC_PLACEHOLDER = "${topic}";

    static final int MAX_CACHED_TOPICS = 1000;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern LEGAL_TOPIC_CHARACTERS = Pattern.compile("[a-zA-Z0-9._-]*");

    private final String template;
    private final String[] literalParts;
    private final Map<String, String> cache = new HashMap<>();
    private final Set<String> renderedNames = ConcurrentHashMap.newKeySet();
    private String lastTopic;
    private String lastName;

    private TopicTemplate(String template, String[] literalParts) {
        this.template = template;
        this.literalParts = literalParts;
    }

    /**
     * @throws IllegalArgumentException for an empty template, a placeholder other than {@code ${topic}}, or
     *     characters Kafka does not allow in topic names
     */
    public static TopicTemplate parse(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        List<String> parts = new ArrayList<>();
        int literalStart = 0;
        while (matcher.find()) {
            if (!"topic".equals(matcher.group(1))) {
                throw new IllegalArgumentException("unknown placeholder '" + matcher.group() + "'; only "
                        + TOPIC_PLACEHOLDER + " is supported");
            }
            parts.add(template.substring(literalStart, matcher.start()));
            literalStart = matcher.end();
        }
        parts.add(template.substring(literalStart));
        for (String part : parts) {
            if (!LEGAL_TOPIC_CHARACTERS.matcher(part).matches()) {
                throw new IllegalArgumentException("topic names may only contain letters, digits, '.', '_' and '-'"
                        + " besides " + TOPIC_PLACEHOLDER);
            }
        }
        return new TopicTemplate(template, parts.toArray(new String[0]));
    }

    public String render(String topic) {
        if (topic.equals(lastTopic)) {
            return lastName;
        }
        String name = cache.get(topic);
        if (name == null) {
            name = format(topic);
            if (cache.size() >= MAX_CACHED_TOPICS) {
                cache.clear();
            }
            cache.put(topic, name);
            if (renderedNames.size() < MAX_CACHED_TOPICS) {
                renderedNames.add(name);
            }
        }
        lastTopic = topic;
        lastName = name;
        return name;
    }

    /** Formats without caching, e.g. to compare two templates. */
    public String format(String topic) {
        StringBuilder name = new StringBuilder(literalParts[0]);
        for (int i = 1; i < literalParts.length; i++) {
            name.append(topic).append(literalParts[i]);
        }
        return name.toString();
    }

    /** The names rendered so far (at most {@value #MAX_CACHED_TOPICS}), safe to read from any thread. */
    public Set<String> renderedNames() {
        return Collections.unmodifiableSet(renderedNames);
    }

    @Override
    public String toString() {
        return template;
    }
}
