package dev.tiered.connect.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TestNamesTest {

    @Test
    void uniqueNamesAreValidTopicAndConnectorNames() {
        Set<String> names = new HashSet<>();
        IntStream.range(0, 1_000).forEach(i -> names.add(TestNames.unique("events")));
        assertThat(names).hasSize(1_000).allMatch(name -> name.matches("events-\\d+-[a-z0-9]{6}"));
        assertThat(TestNames.unique("a b/c:d")).matches("a-b-c-d-\\d+-[a-z0-9]{6}");
        assertThat(TestNames.unique(null)).startsWith("test-");
        assertThat(TestNames.unique("x".repeat(500))).hasSizeLessThan(249);
        assertThat(TestNames.uniqueName("same")).startsWith("same-");
        assertThat(ConnectTestCluster.uniqueName("same")).startsWith("same-");
    }

    @Test
    void restrictedNamesFollowBucketAndDatabaseRules() {
        for (String prefix : new String[] {"", "--", "9lives", "UPPER_case.dots", "x".repeat(200), "é"}) {
            assertThat(TestNames.uniqueRestricted(prefix, "[^a-z0-9-]", '-', 63))
                    .as(prefix)
                    .matches("[a-z][a-z0-9-]{1,61}[a-z0-9]")
                    .doesNotContain("--");
            assertThat(TestNames.uniqueRestricted(prefix, "[^a-z0-9_]", '_', 63))
                    .as(prefix)
                    .matches("[a-z][a-z0-9_]{1,62}");
        }
    }
}
