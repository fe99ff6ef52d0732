package dev.tiered.connect.bench;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Deterministic reference events for the benchmarks, as plain JSON-like documents ({@code LinkedHashMap}s of
 * String, Double, Long, Boolean and nested maps): about a dozen event types with a skewed mix, three high-priority
 * types ({@code payment}, {@code fraud_signal}, {@code surge_price}), about 5% of events with {@code priority >= 0.9},
 * about 1 KB each as JSON.
 *
 * <p>Self-contained on purpose: the event generator connector is developed in parallel and the benchmark must not
 * move when it does.
 */
final class ReferenceEvents {

    static final String EVENT_TIME_BASE = "2026-11-23T08:15:30.123Z";

    /** Event types and their relative weights: a browsing-heavy mix with rare high-priority events. */
    private static final Object[][] EVENT_TYPES = {
            {"page_view", 30.0}, {"click", 20.0}, {"scroll", 12.0}, {"search", 9.0}, {"view_item", 7.0},
            {"add_to_cart", 6.0}, {"remove_from_cart", 2.5}, {"login", 3.0}, {"logout", 2.0}, {"signup", 1.5},
            {"checkout", 2.5}, {"payment", 2.0}, {"surge_price", 1.0}, {"fraud_signal", 0.5},
    };

    private static final Object[][] COUNTRIES = {
            {"US", 30.0}, {"GB", 10.0}, {"DE", 9.0}, {"IN", 10.0}, {"FR", 8.0}, {"BR", 7.0}, {"JP", 6.0},
            {"CA", 5.0}, {"AU", 4.0}, {"ES", 4.0}, {"IT", 4.0}, {"NL", 3.0},
    };

    private static final Map<String, String[]> CITIES = Map.ofEntries(
            Map.entry("US", new String[] {"New York", "San Francisco", "Austin", "Chicago", "Seattle"}),
            Map.entry("GB", new String[] {"London", "Manchester", "Edinburgh"}),
            Map.entry("DE", new String[] {"Berlin", "Munich", "Hamburg"}),
            Map.entry("IN", new String[] {"Bengaluru", "Mumbai", "Delhi"}),
            Map.entry("FR", new String[] {"Paris", "Lyon"}),
            Map.entry("BR", new String[] {"Sao Paulo", "Rio de Janeiro"}),
            Map.entry("JP", new String[] {"Tokyo", "Osaka"}),
            Map.entry("CA", new String[] {"Toronto", "Vancouver"}),
            Map.entry("AU", new String[] {"Sydney", "Melbourne"}),
            Map.entry("ES", new String[] {"Madrid", "Barcelona"}),
            Map.entry("IT", new String[] {"Milan", "Rome"}),
            Map.entry("NL", new String[] {"Amsterdam", "Rotterdam"}));

    private static final Map<String, String> TIMEZONES = Map.ofEntries(
            Map.entry("US", "America/New_York"), Map.entry("GB", "Europe/London"), Map.entry("DE", "Europe/Berlin"),
            Map.entry("IN", "Asia/Kolkata"), Map.entry("FR", "Europe/Paris"), Map.entry("BR", "America/Sao_Paulo"),
            Map.entry("JP", "Asia/Tokyo"), Map.entry("CA", "America/Toronto"), Map.entry("AU", "Australia/Sydney"),
            Map.entry("ES", "Europe/Madrid"), Map.entry("IT", "Europe/Rome"), Map.entry("NL", "Europe/Amsterdam"));

    private static final String[] USER_AGENTS = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                    + " Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                    + " Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0"
                    + " Mobile Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    };

    private static final String[][] DEVICES = {
            {"desktop", "Windows", "11", "Chrome", "131.0"},
            {"mobile", "iOS", "18.1", "Safari", "18.1"},
            {"desktop", "macOS", "14.7.1", "Safari", "18.1"},
            {"mobile", "Android", "15", "Chrome", "131.0"},
            {"desktop", "Linux", "6.11", "Firefox", "133.0"},
    };

    private static final String[] CATEGORIES = {"electronics", "fashion", "home-garden", "sports", "books", "toys",
            "beauty", "grocery"};
    private static final String[] REFERRERS = {"https://www.google.com/", "https://www.bing.com/",
            "https://t.co/", "https://www.facebook.com/", "https://news.example.org/deals", ""};
    private static final String[] CAMPAIGN_SOURCES = {"google", "newsletter", "facebook", "affiliate", "direct"};
    private static final String[] CAMPAIGN_MEDIUMS = {"cpc", "email", "social", "referral", "none"};
    private static final String[] CAMPAIGN_NAMES = {"black-friday-2026", "winter-sale", "retargeting-q4",
            "brand-awareness", "none"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP", "INR", "JPY"};
    private static final String[] QUERIES = {"wireless headphones", "running shoes", "coffee maker",
            "usb-c charger", "winter jacket", "lego star wars"};

    private final SplittableRandom random;
    private final Instant start = Instant.parse(EVENT_TIME_BASE);
    private long clockMillis;

    ReferenceEvents(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next event. */
    Map<String, Object> next() {
        String type = weighted(EVENT_TYPES);
        clockMillis += 1 + random.nextInt(40);

        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_id", new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x0000000000004000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L).toString());
        event.put("event_time", start.plusMillis(clockMillis).toString());
        event.put("event_type", type);
        event.put("priority", priority(type));
        event.put("user_id", userId());
        event.put("session_id", "s-" + Long.toHexString(random.nextLong() >>> 16));
        event.put("payload", payload(type));
        return event;
    }

    private double priority(String type) {
        double p;
        switch (type) {
            case "fraud_signal":
                p = uniform(0.90, 1.0);
                break;
            case "payment":
                p = random.nextDouble() < 0.25 ? uniform(0.90, 0.99) : uniform(0.50, 0.89);
                break;
            case "surge_price":
                p = random.nextDouble() < 0.25 ? uniform(0.90, 0.97) : uniform(0.60, 0.89);
                break;
            default:
                // Everything else is mostly low priority, with a thin tail of urgent events.
                p = random.nextDouble() < 0.039 ? uniform(0.90, 1.0) : uniform(0.0, 0.89);
                break;
        }
        // Two decimals, as producers typically send it; 90 / 100.0 is exactly the double 0.9.
        return Math.round(p * 100) / 100.0;
    }

    private String userId() {
        // About 1.5% VIP users with a four-digit id starting with 1 (what rule 'vip' matches), the rest five digits.
        if (random.nextDouble() < 0.015) {
            return "u-1" + (100 + random.nextInt(900));
        }
        return "u-" + (10000 + random.nextInt(90000));
    }

    private Map<String, Object> payload(String type) {
        String category = CATEGORIES[random.nextInt(CATEGORIES.length)];
        int ua = random.nextInt(USER_AGENTS.length);
        String country = weighted(COUNTRIES);
        String[] cities = CITIES.get(country);

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("page_url", "https://shop.example.com/" + category + "/item-" + (1000 + random.nextInt(90000))
                + "?utm_source=" + CAMPAIGN_SOURCES[random.nextInt(CAMPAIGN_SOURCES.length)] + "&variant="
                + (char) ('a' + random.nextInt(4)));
        payload.put("referrer", REFERRERS[random.nextInt(REFERRERS.length)]);
        payload.put("user_agent", USER_AGENTS[ua]);

        String[] d = DEVICES[ua];
        Map<String, Object> screen = new LinkedHashMap<>();
        boolean mobile = d[0].equals("mobile");
        screen.put("width", mobile ? 390L + random.nextInt(3) * 24 : 1280L + random.nextInt(4) * 320);
        screen.put("height", mobile ? 844L + random.nextInt(3) * 48 : 720L + random.nextInt(4) * 180);
        Map<String, Object> device = new LinkedHashMap<>();
        device.put("type", d[0]);
        device.put("os", d[1]);
        device.put("os_version", d[2]);
        device.put("browser", d[3]);
        device.put("browser_version", d[4]);
        device.put("screen", screen);
        payload.put("device", device);

        Map<String, Object> geo = new LinkedHashMap<>();
        geo.put("country", country);
        geo.put("city", cities[random.nextInt(cities.length)]);
        geo.put("timezone", TIMEZONES.get(country));
        geo.put("latitude", Math.round(uniform(-60, 70) * 10000) / 10000.0);
        geo.put("longitude", Math.round(uniform(-170, 170) * 10000) / 10000.0);
        payload.put("geo", geo);

        Map<String, Object> campaign = new LinkedHashMap<>();
        campaign.put("source", CAMPAIGN_SOURCES[random.nextInt(CAMPAIGN_SOURCES.length)]);
        campaign.put("medium", CAMPAIGN_MEDIUMS[random.nextInt(CAMPAIGN_MEDIUMS.length)]);
        campaign.put("name", CAMPAIGN_NAMES[random.nextInt(CAMPAIGN_NAMES.length)]);
        payload.put("campaign", campaign);

        Map<String, Object> counters = new LinkedHashMap<>();
        counters.put("session_events", 1L + random.nextInt(200));
        counters.put("page_views", 1L + random.nextInt(60));
        counters.put("cart_items", (long) random.nextInt(8));
        payload.put("counters", counters);

        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("error", random.nextDouble() < 0.02);
        flags.put("bot", random.nextDouble() < 0.03);
        flags.put("first_visit", random.nextDouble() < 0.2);
        payload.put("flags", flags);

        switch (type) {
            case "payment":
                // Roughly log-uniform between 5 and 5000: about a fifth at or above 1000.
                double amount = Math.exp(uniform(Math.log(5), Math.log(5000)));
                payload.put("amount", Math.round(amount * 100) / 100.0);
                payload.put("currency", CURRENCIES[random.nextInt(CURRENCIES.length)]);
                break;
            case "search":
                payload.put("query", QUERIES[random.nextInt(QUERIES.length)]);
                break;
            case "click":
            case "view_item":
            case "add_to_cart":
            case "remove_from_cart":
                payload.put("item_id", "sku-" + (100000 + random.nextInt(900000)));
                break;
            default:
                break;
        }
        return payload;
    }

    /** Whether this event's record carries an {@code x-retry} header (about 1%: a producer retry). */
    boolean nextRetryHeader() {
        return random.nextDouble() < 0.01;
    }

    private double uniform(double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    private String weighted(Object[][] table) {
        double total = 0;
        for (Object[] row : table) {
            total += (Double) row[1];
        }
        double pick = random.nextDouble() * total;
        for (Object[] row : table) {
            pick -= (Double) row[1];
            if (pick < 0) {
                return (String) row[0];
            }
        }
        return (String) table[table.length - 1][0];
    }

    /** The event types, for tests. */
    static List<String> eventTypes() {
        return java.util.Arrays.stream(EVENT_TYPES).map(row -> (String) row[0]).toList();
    }
}
