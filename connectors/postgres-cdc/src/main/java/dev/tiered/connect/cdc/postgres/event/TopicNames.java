package dev.tiered.connect.cdc.postgres.event;

/**
 * Debezium's default data-change topic, {@code <topic.prefix>.<schema>.<table>}, sanitized as its
 * {@code AbstractTopicNamingStrategy.sanitizedTopicName} does: characters other than {@code [A-Za-z0-9._-]} become
 * {@code _}, names are cut at 249 characters, and "." and ".." are replaced.
 */
public final class TopicNames {

    static final int MAX_LENGTH = 249;

    private TopicNames() {
    }

    public static String dataChangeTopic(String prefix, String schema, String table) {
        return sanitize(prefix + "." + schema + "." + table);
    }

    static String sanitize(String name) {
        StringBuilder sanitized = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean valid = c == '.' || c == '_' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9');
            sanitized.append(valid ? c : '_');
        }
        String result = sanitized.length() > MAX_LENGTH ? sanitized.substring(0, MAX_LENGTH) : sanitized.toString();
        return switch (result) {
            case "." -> "_";
            case ".." -> "__";
            default -> result;
        };
    }
}
