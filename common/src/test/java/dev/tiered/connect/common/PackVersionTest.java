package dev.tiered.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PackVersionTest {

    @Test
    void reportsTheBuiltVersionNotThePlaceholder() {
        assertThat(PackVersion.get()).isNotBlank().doesNotContain("${").matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
