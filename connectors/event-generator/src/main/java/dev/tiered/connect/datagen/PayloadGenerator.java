package dev.tiered.connect.datagen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tiered.connect.datagen.Vocabulary.Channel;
import dev.tiered.connect.datagen.Vocabulary.Page;
import dev.tiered.connect.datagen.Vocabulary.Product;
import dev.tiered.connect.datagen.Vocabulary.Video;

/**
 * Fills an event's {@code payload} the way a shop's tracking pipeline would: the page, device, location, campaign,
 * counters and flags every event carries, and one section specific to the event type (the product of a
 * {@code product_view}, the amount and method of a {@code payment}, the risk score and reasons of a
 * {@code fraud_signal}, ...). The structure is {@link ReferenceEventSchema#PAYLOAD_SCHEMA}; integers are
 * {@link Integer}, decimals {@link Double}, as the schema's INT32 and FLOAT64.
 *
 * <p>Not thread-safe: it shares the caller's random generator and keeps a scratch one for sessions.
 */
final class PayloadGenerator {

    /** A task's events fall into blocks of 2^9 sequence numbers; a user's events in one block share a session. */
    private static final int SESSION_BLOCK_BITS = 9;

    private final long seed;
    private final int task;
    private final EventRandom sessionRandom = new EventRandom();

    PayloadGenerator(long seed, int task) {
        this.seed = seed;
        this.task = task;
    }

    /** The payload of an event; draws from {@code random} in a fixed order, so the same state gives the same map. */
    Map<String, Object> payload(EventType type, double priority, long sequence, UserProfile user, EventRandom random) {
        // One section per type; the page follows from it (a product view is on the product's page).
        Map<String, Object> section = null;
        String sectionName = null;
        Page page;
        switch (type) {
            case PAGE_VIEW -> {
                page = browsePage(random);
                sectionName = "view";
                section = view(random);
            }
            case CLICK -> {
                page = browsePage(random);
                sectionName = "click";
                section = click(random);
            }
            case SCROLL -> {
                page = browsePage(random);
                sectionName = "scroll";
                section = scroll(user, random);
            }
            case SEARCH -> {
                int query = Vocabulary.popular(random, Vocabulary.SEARCH_QUERIES.length);
                page = Vocabulary.SEARCH_PAGES[query];
                sectionName = "search";
                section = search(Vocabulary.SEARCH_QUERIES[query], random);
            }
            case PRODUCT_VIEW, ADD_TO_CART, REMOVE_FROM_CART -> {
                Product product = Vocabulary.PRODUCTS[Vocabulary.popular(random, Vocabulary.PRODUCTS.length)];
                page = type == EventType.REMOVE_FROM_CART ? Vocabulary.CART : product.page();
                sectionName = "product";
                section = product(product, type, user, random);
            }
            case VIDEO_PLAY -> {
                page = Vocabulary.PRODUCTS[Vocabulary.popular(random, Vocabulary.PRODUCTS.length)].page();
                sectionName = "video";
                section = video(random);
            }
            case LOGIN -> {
                page = Vocabulary.LOGIN;
                sectionName = "login";
                section = login(random);
            }
            case CHECKOUT_START -> {
                page = Vocabulary.CART;
                sectionName = "checkout";
                section = checkout(user, random);
            }
            case PAYMENT -> {
                page = Vocabulary.PAYMENT;
                sectionName = "payment";
                section = payment(user, random);
            }
            case FRAUD_SIGNAL -> {
                page = Vocabulary.PAYMENT;
                sectionName = "fraud";
                section = fraud(priority, random);
            }
            case SURGE_PRICE -> {
                page = Vocabulary.SHIPPING;
                sectionName = "surge";
                section = surge(user, priority, random);
            }
            default -> throw new IllegalStateException("No payload for " + type);
        }

        // The session decides the marketing channel, so a visitor's events in one session agree on where they came
        // from.
        long sessionKey = EventRandom.combine(EventRandom.combine(seed, user.number()),
                ((long) task << 40) ^ (sequence >>> SESSION_BLOCK_BITS));
        sessionRandom.reset(sessionKey);
        String sessionId = "s-" + sessionRandom.nextHex16();
        Channel channel = Vocabulary.CHANNELS.pick(sessionRandom);
        String campaign = channel.campaigns() == null ? null : sessionRandom.pick(channel.campaigns());

        Map<String, Object> payload = new LinkedHashMap<>(16);
        payload.put("session_id", sessionId);
        payload.put("page", page(page, channel));
        payload.put("device", device(user));
        payload.put("geo", geo(user));
        payload.put("campaign", campaign(channel, campaign));
        payload.put("metrics", metrics(random));
        payload.put("flags", flags(user));
        payload.put("app", app(user, random));
        if (section != null) {
            payload.put(sectionName, section);
        }
        return payload;
    }

    private static Page browsePage(EventRandom random) {
        double u = random.nextDouble();
        if (u < 0.12) {
            return Vocabulary.HOME;
        } else if (u < 0.37) {
            return Vocabulary.CATEGORY_PAGES[Vocabulary.popular(random, Vocabulary.CATEGORY_PAGES.length)];
        } else if (u < 0.82) {
            return Vocabulary.PRODUCTS[Vocabulary.popular(random, Vocabulary.PRODUCTS.length)].page();
        }
        return Vocabulary.OTHER_PAGES[Vocabulary.popular(random, Vocabulary.OTHER_PAGES.length)];
    }

    private static Map<String, Object> page(Page page, Channel channel) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("url", page.url());
        map.put("title", page.title());
        map.put("referrer", channel.referrer());
        return map;
    }

    private static Map<String, Object> device(UserProfile user) {
        Vocabulary.Device device = user.device();
        Map<String, Object> map = new LinkedHashMap<>(12);
        map.put("type", device.type());
        map.put("os", device.os());
        map.put("browser", device.browser());
        map.put("user_agent", device.userAgent());
        map.put("language", user.city().language());
        return map;
    }

    private static Map<String, Object> geo(UserProfile user) {
        Vocabulary.City city = user.city();
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("country", city.country());
        map.put("region", city.region());
        map.put("city", city.name());
        map.put("ip", user.ip());
        return map;
    }

    private static Map<String, Object> campaign(Channel channel, String campaign) {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("source", channel.source());
        map.put("medium", channel.medium());
        map.put("name", campaign);
        return map;
    }

    private static Map<String, Object> metrics(EventRandom random) {
        double load = random.nextDouble();
        int cartItems = (int) (random.nextDouble() * random.nextDouble() * 7);
        int cartCents = 0;
        for (int i = 0; i < cartItems; i++) {
            cartCents += Vocabulary.PRODUCTS[Vocabulary.popular(random, Vocabulary.PRODUCTS.length)].priceCents();
        }
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("page_load_ms", 120 + (int) (load * load * 3_500));
        // Exponential, as dwell times are: most visits are short, a few very long.
        map.put("time_on_page_ms", (int) Math.min(600_000, -Math.log(1.0 - random.nextDouble()) * 25_000));
        map.put("scroll_depth_pct", 5 * random.nextInt(21));
        map.put("cart_items", cartItems);
        map.put("cart_value", cartCents / 100.0);
        return map;
    }

    private static Map<String, Object> flags(UserProfile user) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("logged_in", user.loggedIn());
        map.put("consent", user.consent());
        map.put("ab_variant", user.abVariant());
        return map;
    }

    private static Map<String, Object> app(UserProfile user, EventRandom random) {
        Vocabulary.Device device = user.device();
        String cloudRegion = user.city().cloudRegion();
        String tier = device.type().equals("mobile_app") ? "api-" : "web-";
        int host = random.nextInt(1, 16);
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("name", device.appName());
        map.put("version", device.appVersion());
        map.put("host", tier + cloudRegion + (host < 10 ? "-0" : "-") + host);
        return map;
    }

    private static Map<String, Object> view(EventRandom random) {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("navigation", random.pick(Vocabulary.NAVIGATION_TYPES));
        map.put("landing", random.chance(0.25));
        map.put("first_paint_ms", 80 + random.nextInt(1_800));
        return map;
    }

    private static Map<String, Object> click(EventRandom random) {
        Vocabulary.ClickTarget target = random.pick(Vocabulary.CLICK_TARGETS);
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("element", target.element());
        map.put("text", target.text());
        map.put("x", random.nextInt(1_440));
        map.put("y", random.nextInt(2_400));
        return map;
    }

    private static Map<String, Object> scroll(UserProfile user, EventRandom random) {
        String screen = user.device().screen();
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("depth_pct", 5 * random.nextInt(1, 20));
        map.put("direction", random.pick(Vocabulary.SCROLL_DIRECTIONS));
        map.put("viewport_height", Integer.parseInt(screen, screen.indexOf('x') + 1, screen.length(), 10));
        return map;
    }

    private static Map<String, Object> search(String query, EventRandom random) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("query", query);
        map.put("results", random.chance(0.06) ? 0 : random.nextInt(1, 480));
        map.put("sort", random.pick(Vocabulary.SEARCH_SORTS));
        map.put("page", random.chance(0.8) ? 1 : random.nextInt(2, 6));
        return map;
    }

    private static Map<String, Object> product(Product product, EventType type, UserProfile user,
                                               EventRandom random) {
        Map<String, Object> map = new LinkedHashMap<>(12);
        map.put("sku", product.sku());
        map.put("brand", product.brand());
        map.put("category", product.category().slug());
        map.put("price", product.priceCents() / 100.0);
        map.put("currency", user.city().currency());
        map.put("quantity", type == EventType.ADD_TO_CART && random.chance(0.2) ? random.nextInt(2, 4) : 1);
        return map;
    }

    private static Map<String, Object> video(EventRandom random) {
        Video video = Vocabulary.VIDEOS[Vocabulary.popular(random, Vocabulary.VIDEOS.length)];
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("id", video.id());
        map.put("title", video.title());
        map.put("position_s", random.chance(0.6) ? 0 : random.nextInt(video.durationSeconds()));
        map.put("duration_s", video.durationSeconds());
        map.put("autoplay", random.chance(0.3));
        map.put("quality", random.pick(Vocabulary.VIDEO_QUALITIES));
        return map;
    }

    private static Map<String, Object> login(EventRandom random) {
        Map<String, Object> map = new LinkedHashMap<>(4);
        map.put("method", random.pick(Vocabulary.LOGIN_METHODS));
        map.put("mfa", random.chance(0.3));
        map.put("success", random.chance(0.94));
        return map;
    }

    private static Map<String, Object> checkout(UserProfile user, EventRandom random) {
        int items = random.nextInt(1, 6);
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("cart_id", "c-" + random.nextHex16());
        map.put("items", items);
        map.put("subtotal", basketCents(items, random) / 100.0);
        map.put("currency", user.city().currency());
        map.put("shipping", random.pick(Vocabulary.SHIPPING_METHODS));
        return map;
    }

    private static Map<String, Object> payment(UserProfile user, EventRandom random) {
        String method = Vocabulary.PAYMENT_METHODS.pick(random);
        Map<String, Object> map = new LinkedHashMap<>(12);
        map.put("order_id", "o-" + random.nextHex16());
        map.put("amount", basketCents(random.nextInt(1, 5), random) / 100.0);
        map.put("currency", user.city().currency());
        map.put("method", method);
        map.put("card_brand", method.equals("card") ? random.pick(Vocabulary.CARD_BRANDS) : null);
        map.put("status", Vocabulary.PAYMENT_STATUSES.pick(random));
        map.put("provider", random.pick(Vocabulary.PAYMENT_PROVIDERS));
        map.put("installments", method.equals("klarna") ? 3 * random.nextInt(1, 2) : 1);
        return map;
    }

    private static Map<String, Object> fraud(double priority, EventRandom random) {
        // The risk score is what drives a fraud signal's priority, so the two move together.
        int riskThousandths = Math.min(999, 350 + (int) (priority * 650) + random.nextInt(-20, 20));
        int reasonCount = random.nextInt(1, 3);
        List<String> reasons = new ArrayList<>(reasonCount);
        int first = random.nextInt(Vocabulary.FRAUD_REASONS.length);
        for (int i = 0; i < reasonCount; i++) {
            reasons.add(Vocabulary.FRAUD_REASONS[(first + 2 * i) % Vocabulary.FRAUD_REASONS.length]);
        }
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("risk_score", Math.max(0, riskThousandths) / 1000.0);
        map.put("reasons", reasons);
        map.put("model", random.pick(Vocabulary.FRAUD_MODELS));
        map.put("action", Vocabulary.FRAUD_ACTIONS.pick(random));
        map.put("order_id", "o-" + random.nextHex16());
        return map;
    }

    private static Map<String, Object> surge(UserProfile user, double priority, EventRandom random) {
        Map<String, Object> map = new LinkedHashMap<>(8);
        map.put("zone", user.city().slug() + "-" + random.pick(Vocabulary.SURGE_AREAS));
        // Higher surges matter more, so they come with higher priorities.
        map.put("multiplier", (11 + (int) (priority * 12) + random.nextInt(0, 3)) / 10.0);
        map.put("demand_index", random.nextInt(80, 220) / 100.0);
        map.put("supply_index", random.nextInt(25, 110) / 100.0);
        map.put("valid_for_s", Vocabulary.SURGE_VALIDITY_SECONDS[random.nextInt(
                Vocabulary.SURGE_VALIDITY_SECONDS.length)]);
        return map;
    }

    private static long basketCents(int items, EventRandom random) {
        long cents = 0;
        for (int i = 0; i < items; i++) {
            cents += Vocabulary.PRODUCTS[Vocabulary.popular(random, Vocabulary.PRODUCTS.length)].priceCents();
        }
        return cents;
    }
}
