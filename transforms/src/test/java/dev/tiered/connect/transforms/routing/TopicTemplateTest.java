package dev.tiered.connect.transforms.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicTemplateTest {

    @Test
    void replacesTheTopicPlaceholder() {
        assertThat(TopicTemplate.parse("${topic}.hot").render("orders")).isEqualTo("orders.hot");
        assertThat(TopicTemplate.parse("prio-${topic}-${topic}").render("a")).isEqualTo("prio-a-a");
    }

    @Test
    void allowsAFixedTopic() {
        assertThat(TopicTemplate.parse("archive").render("orders")).isEqualTo("archive");
    }

    @Test
    void returnsTheCachedNameForATopicSeenBefore() {
        TopicTemplate template = TopicTemplate.parse("${topic}.hot");
        String first = template.render("orders");
        template.render("payments");
        assertThat(template.render("orders")).isSameAs(first);
    }

    @Test
    void remembersTheNamesItRenderedUpToABound() {
        TopicTemplate template = TopicTemplate.parse("${topic}.hot");
        template.render("a");
        template.render("b");
        template.render("a");
        assertThat(template.renderedNames()).containsExactlyInAnyOrder("a.hot", "b.hot");
        for (int i = 0; i < TopicTemplate.MAX_CACHED_TOPICS * 2; i++) {
            assertThat(template.render("t" + i)).isEqualTo("t" + i + ".hot");
        }
        assertThat(template.renderedNames()).hasSize(TopicTemplate.MAX_CACHED_TOPICS);
    }

    @Test
    void rejectsUnknownPlaceholders() {
        assertThatThrownBy(() -> TopicTemplate.parse("${partition}.hot"))
                .hasMessage("unknown placeholder '${partition}'; only ${topic} is supported");
    }

    @Test
    void rejectsCharactersKafkaDoesNotAllow() {
        assertThatThrownBy(() -> TopicTemplate.parse("${topic} hot"))
                .hasMessageContaining("topic names may only contain");
        assertThatThrownBy(() -> TopicTemplate.parse("")).hasMessage("must not be empty");
    }
}
