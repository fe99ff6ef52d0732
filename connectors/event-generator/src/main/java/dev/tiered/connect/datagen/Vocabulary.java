package dev.tiered.connect.datagen;

import java.util.List;
import java.util.Locale;

/**
 * The world the reference events happen in: an online shop with a catalogue, visitors from a few dozen cities on
 * the devices real traffic comes from, marketing channels, payment methods and fraud rules. Everything here is fixed
 * (built from a constant seed, not the connector's), so the vocabularies repeat across events the way they do in
 * real traffic, and columnar compression sees realistic data.
 */
final class Vocabulary {

    static final String SITE = "https://shop.example.com";
    static final String SITE_NAME = "Example Shop";

    record City(String name, String region, String country, String language, String currency,
                String cloudRegion, String slug) {
    }

    record Device(String type, String os, String browser, String userAgent, String screen,
                  String appName, String appVersion) {
    }

    record Category(String slug, String title, String[] nouns, int basePriceCents) {
    }

    record Product(String sku, String name, String brand, Category category, int priceCents, Page page) {
    }

    /** A page of the shop, its full URL built once. */
    record Page(String path, String title, String url) {

        Page(String path, String title) {
            this(path, title, SITE + path);
        }
    }

    record Channel(String source, String medium, String referrer, String[] campaigns) {
    }

    record ClickTarget(String element, String text) {
    }

    record Video(String id, String title, int durationSeconds) {
    }

    static final Weighted<City> CITIES = Weighted.of(List.of(
            city("New York", "NY", "US", "en-US", "USD", "us-east-1"),
            city("Los Angeles", "CA", "US", "en-US", "USD", "us-west-2"),
            city("Chicago", "IL", "US", "en-US", "USD", "us-east-1"),
            city("Houston", "TX", "US", "en-US", "USD", "us-east-1"),
            city("San Francisco", "CA", "US", "en-US", "USD", "us-west-2"),
            city("Seattle", "WA", "US", "en-US", "USD", "us-west-2"),
            city("Toronto", "ON", "CA", "en-CA", "CAD", "ca-central-1"),
            city("London", "ENG", "GB", "en-GB", "GBP", "eu-west-2"),
            city("Manchester", "ENG", "GB", "en-GB", "GBP", "eu-west-2"),
            city("Berlin", "BE", "DE", "de-DE", "EUR", "eu-central-1"),
            city("Munich", "BY", "DE", "de-DE", "EUR", "eu-central-1"),
            city("Hamburg", "HH", "DE", "de-DE", "EUR", "eu-central-1"),
            city("Paris", "IDF", "FR", "fr-FR", "EUR", "eu-west-3"),
            city("Lyon", "ARA", "FR", "fr-FR", "EUR", "eu-west-3"),
            city("Madrid", "MD", "ES", "es-ES", "EUR", "eu-south-2"),
            city("Barcelona", "CT", "ES", "es-ES", "EUR", "eu-south-2"),
            city("Milan", "LOM", "IT", "it-IT", "EUR", "eu-south-1"),
            city("Rome", "LAZ", "IT", "it-IT", "EUR", "eu-south-1"),
            city("Amsterdam", "NH", "NL", "nl-NL", "EUR", "eu-west-1"),
            city("Stockholm", "AB", "SE", "sv-SE", "SEK", "eu-north-1"),
            city("Warsaw", "MZ", "PL", "pl-PL", "PLN", "eu-central-1"),
            city("Vienna", "W", "AT", "de-AT", "EUR", "eu-central-1"),
            city("Zurich", "ZH", "CH", "de-CH", "CHF", "eu-central-2"),
            city("Dublin", "L", "IE", "en-IE", "EUR", "eu-west-1"),
            city("Tokyo", "13", "JP", "ja-JP", "JPY", "ap-northeast-1"),
            city("Singapore", "SG", "SG", "en-SG", "SGD", "ap-southeast-1"),
            city("Sydney", "NSW", "AU", "en-AU", "AUD", "ap-southeast-2"),
            city("Sao Paulo", "SP", "BR", "pt-BR", "BRL", "sa-east-1"),
            city("Mexico City", "CMX", "MX", "es-MX", "MXN", "us-east-1"),
            city("Mumbai", "MH", "IN", "en-IN", "INR", "ap-south-1")),
            8, 6, 4, 3, 3, 2, 3, 7, 2, 5, 3, 2, 5, 1.5, 3, 2, 2.5, 2, 2.5, 1.5, 2, 1.5, 1.5, 1, 4, 2, 2.5, 3, 2.5, 3);

    static final Weighted<Device> DEVICES = Weighted.of(List.of(
            new Device("desktop", "Windows", "Chrome",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.0.0 Safari/537.36", "1920x1080", "web-storefront", "2026.11.3"),
            new Device("desktop", "Windows", "Edge",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80", "1920x1080", "web-storefront",
                    "2026.11.3"),
            new Device("desktop", "Windows", "Firefox",
                    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", "1366x768",
                    "web-storefront", "2026.11.3"),
            new Device("desktop", "macOS", "Safari",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                            + " Version/17.4.1 Safari/605.1.15", "1440x900", "web-storefront", "2026.11.3"),
            new Device("desktop", "macOS", "Chrome",
                    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.0.0 Safari/537.36", "1512x982", "web-storefront", "2026.11.3"),
            new Device("desktop", "Linux", "Firefox",
                    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0", "2560x1440",
                    "web-storefront", "2026.11.2"),
            new Device("mobile", "iOS", "Safari",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                            + " Version/17.4.1 Mobile/15E148 Safari/604.1", "390x844", "web-storefront", "2026.11.3"),
            new Device("mobile", "iOS", "Chrome",
                    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                            + " CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", "393x852", "web-storefront",
                    "2026.11.3"),
            new Device("mobile", "Android", "Chrome",
                    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.6367.82 Mobile Safari/537.36", "412x915", "web-storefront", "2026.11.3"),
            new Device("mobile", "Android", "Chrome",
                    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " Chrome/124.0.6367.82 Mobile Safari/537.36", "412x915", "web-storefront", "2026.11.3"),
            new Device("mobile", "Android", "Samsung Internet",
                    "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko)"
                            + " SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", "412x915",
                    "web-storefront", "2026.11.2"),
            new Device("tablet", "iPadOS", "Safari",
                    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
                            + " Version/17.4 Mobile/15E148 Safari/604.1", "820x1180", "web-storefront", "2026.11.3"),
            new Device("mobile_app", "iOS", "ExampleShop iOS",
                    "ExampleShop/5.8.2 (com.example.shop; build:5820; iOS 17.4.1) Alamofire/5.9.1", "390x844",
                    "ios-app", "5.8.2"),
            new Device("mobile_app", "Android", "ExampleShop Android",
                    "ExampleShop/5.8.1 (Linux; U; Android 14; SM-S918B Build/UP1A.231005.007) okhttp/4.12.0",
                    "412x915", "android-app", "5.8.1")),
            22, 5, 4, 6, 5, 1, 18, 4, 10, 4, 3, 4, 8, 6);

    static final Category[] CATEGORIES = {
        new Category("shoes", "Shoes", new String[] {"Running Shoe", "Sneaker", "Hiking Boot", "Sandal", "Loafer"},
                8_999),
        new Category("outdoor", "Outdoor & Camping", new String[] {"Tent", "Sleeping Bag", "Backpack",
            "Headlamp", "Camping Stove"}, 12_999),
        new Category("electronics", "Electronics", new String[] {"Wireless Earbuds", "Smartwatch",
            "Bluetooth Speaker", "Power Bank", "USB-C Charger"}, 7_999),
        new Category("home", "Home & Living", new String[] {"Throw Blanket", "Table Lamp", "Cushion Cover",
            "Wall Clock", "Storage Basket"}, 3_999),
        new Category("kitchen", "Kitchen", new String[] {"Chef Knife", "Frying Pan", "Coffee Grinder",
            "Cutting Board", "Espresso Cup Set"}, 4_999),
        new Category("beauty", "Beauty", new String[] {"Face Serum", "Hand Cream", "Shampoo", "Lip Balm"}, 1_999),
        new Category("toys", "Toys & Games", new String[] {"Board Game", "Puzzle", "Building Set", "Plush Bear"},
                2_999),
        new Category("books", "Books", new String[] {"Cookbook", "Travel Guide", "Novel", "Notebook"}, 1_899),
        new Category("fashion", "Fashion", new String[] {"Rain Jacket", "Merino Sweater", "Denim Jeans", "T-Shirt",
            "Wool Scarf"}, 5_999),
        new Category("sports", "Sports", new String[] {"Yoga Mat", "Water Bottle", "Resistance Band",
            "Cycling Helmet"}, 3_499),
        new Category("garden", "Garden", new String[] {"Garden Hose", "Pruning Shears", "Plant Pot", "Bird Feeder"},
                2_499),
    };

    private static final String[] ADJECTIVES = {"Classic", "Ultralight", "Trail", "Everyday", "Pro", "Compact",
        "Premium", "Eco", "Urban", "Waterproof", "Organic", "Vintage", "Essential", "Performance", "Travel"};

    private static final String[] BRANDS = {"Northpeak", "Lumora", "Vantage", "Fjelland", "Brightwell", "Kestrel",
        "Oakridge", "Solenne", "Tidewater", "Arcadia", "Helio", "Marlow & Finch", "Quill", "Ridgeback", "Verde"};

    /** The catalogue; earlier products are more popular (see {@link #popular}). */
    static final Product[] PRODUCTS = buildProducts(2_000);

    static final String[] SEARCH_QUERIES = buildSearchQueries(400);

    static final Page[] SEARCH_PAGES = buildSearchPages();

    static final Video[] VIDEOS = buildVideos(300);

    static final Page HOME = new Page("/", SITE_NAME + " - Shoes, Outdoor, Electronics and More");
    static final Page CART = new Page("/cart", "Your cart");
    static final Page LOGIN = new Page("/account/login", "Sign in");
    static final Page SHIPPING = new Page("/checkout/shipping", "Delivery options | Checkout");
    static final Page PAYMENT = new Page("/checkout/payment", "Payment | Checkout");
    static final Page[] CATEGORY_PAGES = buildCategoryPages();
    static final Page[] OTHER_PAGES = {
        new Page("/deals/weekly", "Deals of the week"),
        new Page("/deals/clearance", "Clearance sale"),
        new Page("/account/orders", "Your orders"),
        new Page("/account/wishlist", "Your wishlist"),
        new Page("/help/returns", "Returns and refunds | Help"),
        new Page("/help/shipping", "Shipping and delivery | Help"),
        new Page("/blog/how-to-choose-trail-running-shoes", "How to choose trail running shoes"),
        new Page("/blog/camping-checklist", "The complete camping checklist"),
        new Page("/blog/gift-guide-2026", "Gift guide 2026"),
        new Page("/stores/berlin-mitte", "Our store in Berlin Mitte"),
    };

    static final Weighted<Channel> CHANNELS = Weighted.of(List.of(
            new Channel("google", "organic", "https://www.google.com/", null),
            new Channel("bing", "organic", "https://www.bing.com/", null),
            new Channel("google", "cpc", "https://www.google.com/",
                    new String[] {"brand_search", "generic_shoes", "pmax_autumn_2026"}),
            new Channel("direct", "none", null, null),
            new Channel("facebook", "paid_social", "https://www.facebook.com/",
                    new String[] {"autumn_sale_2026", "retargeting_cart", "lookalike_buyers"}),
            new Channel("instagram", "paid_social", "https://www.instagram.com/",
                    new String[] {"autumn_sale_2026", "influencer_collab_q4"}),
            new Channel("newsletter", "email", "https://mail.google.com/",
                    new String[] {"weekly_digest_2026_47", "abandoned_cart_reminder", "black_friday_teaser"}),
            new Channel("awin", "affiliate", "https://www.mydealz.de/", new String[] {"deals_portal"}),
            new Channel("tiktok", "paid_social", "https://www.tiktok.com/", new String[] {"ugc_sneaker_drop"})),
            30, 4, 12, 22, 6, 4, 8, 4, 3);

    static final String[] AB_VARIANTS = {"control", "control", "variant_a", "variant_b"};

    static final ClickTarget[] CLICK_TARGETS = {
        new ClickTarget("button#add-to-cart", "Add to cart"),
        new ClickTarget("a.product-card", "View product"),
        new ClickTarget("button#buy-now", "Buy now"),
        new ClickTarget("nav.main-menu a", "Menu"),
        new ClickTarget("button.filter-apply", "Apply filters"),
        new ClickTarget("a.breadcrumb", "Back to category"),
        new ClickTarget("button#newsletter-signup", "Subscribe"),
        new ClickTarget("img.product-image", "Product image"),
        new ClickTarget("button.size-select", "Select size"),
        new ClickTarget("a#wishlist", "Add to wishlist"),
    };

    static final String[] NAVIGATION_TYPES = {"navigate", "navigate", "navigate", "navigate", "back_forward",
        "reload"};
    static final String[] SCROLL_DIRECTIONS = {"down", "down", "down", "up"};
    static final String[] SEARCH_SORTS = {"relevance", "relevance", "relevance", "price_asc", "price_desc",
        "newest", "rating"};
    static final String[] VIDEO_QUALITIES = {"1080p", "720p", "720p", "480p", "2160p"};
    static final String[] LOGIN_METHODS = {"password", "password", "password", "google", "apple", "magic_link",
        "passkey"};
    static final String[] SHIPPING_METHODS = {"standard", "standard", "standard", "express", "pickup", "same_day"};
    static final Weighted<String> PAYMENT_METHODS = Weighted.of(
            List.of("card", "paypal", "apple_pay", "google_pay", "klarna", "bank_transfer"), 48, 20, 12, 8, 8, 4);
    static final String[] CARD_BRANDS = {"visa", "visa", "visa", "mastercard", "mastercard", "amex"};
    static final Weighted<String> PAYMENT_STATUSES = Weighted.of(
            List.of("authorized", "captured", "declined", "pending"), 60, 25, 8, 7);
    static final String[] PAYMENT_PROVIDERS = {"adyen", "adyen", "stripe", "braintree"};
    static final String[] FRAUD_REASONS = {"velocity_check", "ip_country_mismatch", "new_device",
        "card_bin_mismatch", "high_amount", "proxy_detected", "multiple_failed_payments", "email_age_low",
        "shipping_billing_mismatch"};
    static final String[] FRAUD_MODELS = {"fraud-gbm-2026.10", "fraud-gbm-2026.10", "fraud-rules-v42"};
    static final Weighted<String> FRAUD_ACTIONS = Weighted.of(List.of("review", "step_up_auth", "block", "allow"),
            45, 25, 20, 10);
    static final String[] SURGE_AREAS = {"central", "north", "south", "east", "west", "airport"};
    static final int[] SURGE_VALIDITY_SECONDS = {300, 600, 900};

    private Vocabulary() {
    }

    /** An index in [0, size) where low indexes are much more popular: a few items get most of the traffic. */
    static int popular(EventRandom random, int size) {
        double u = random.nextDouble();
        return (int) (u * u * u * size);
    }

    private static City city(String name, String region, String country, String language, String currency,
                             String cloudRegion) {
        return new City(name, region, country, language, currency, cloudRegion, slug(name));
    }

    private static Product[] buildProducts(int count) {
        EventRandom random = new EventRandom(0x5eedL);
        Product[] products = new Product[count];
        for (int i = 0; i < count; i++) {
            Category category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            String name = random.pick(ADJECTIVES) + " " + random.pick(category.nouns());
            String brand = random.pick(BRANDS);
            String sku = "SKU-" + (100_000 + i * 37);
            // Prices end in .99 or .49, as shop prices do.
            int euros = Math.max(4, (int) (category.basePriceCents() / 100 * (0.5 + 1.5 * random.nextDouble())));
            int price = euros * 100 + (random.chance(0.8) ? 99 : 49);
            Page page = new Page("/p/" + slug(name) + "-" + sku.substring(4), name + " by " + brand);
            products[i] = new Product(sku, name, brand, category, price, page);
        }
        return products;
    }

    private static String[] buildSearchQueries(int count) {
        EventRandom random = new EventRandom(0x5eed + 1L);
        String[] queries = new String[count];
        for (int i = 0; i < count; i++) {
            Category category = CATEGORIES[random.nextInt(CATEGORIES.length)];
            String noun = random.pick(category.nouns()).toLowerCase(Locale.ROOT);
            switch (random.nextInt(5)) {
                case 0 -> queries[i] = noun;
                case 1 -> queries[i] = random.pick(ADJECTIVES).toLowerCase(Locale.ROOT) + " " + noun;
                case 2 -> queries[i] = random.pick(BRANDS).toLowerCase(Locale.ROOT) + " " + noun;
                case 3 -> queries[i] = noun + " sale";
                default -> queries[i] = noun + " for " + random.pick(new String[] {"men", "women", "kids"});
            }
        }
        return queries;
    }

    private static Video[] buildVideos(int count) {
        EventRandom random = new EventRandom(0x5eed + 2L);
        String[] kinds = {"review", "unboxing", "how to use", "size guide", "first look"};
        Video[] videos = new Video[count];
        for (int i = 0; i < count; i++) {
            Product product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            videos[i] = new Video("vid-" + (1_000 + i), product.name() + " " + random.pick(kinds),
                    random.nextInt(30, 900));
        }
        return videos;
    }

    private static Page[] buildSearchPages() {
        Page[] pages = new Page[SEARCH_QUERIES.length];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new Page("/search?q=" + urlQuery(SEARCH_QUERIES[i]),
                    "Search: " + SEARCH_QUERIES[i]);
        }
        return pages;
    }

    private static Page[] buildCategoryPages() {
        Page[] pages = new Page[CATEGORIES.length];
        for (int i = 0; i < pages.length; i++) {
            pages[i] = new Page("/c/" + CATEGORIES[i].slug(), CATEGORIES[i].title());
        }
        return pages;
    }

    static String slug(String text) {
        StringBuilder slug = new StringBuilder(text.length());
        boolean dash = false;
        for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
            if (Character.isLetterOrDigit(c)) {
                if (dash && slug.length() > 0) {
                    slug.append('-');
                }
                slug.append(c);
                dash = false;
            } else {
                dash = true;
            }
        }
        return slug.toString();
    }

    /** The query as it appears in a URL: spaces as '+', the rest is plain ASCII already. */
    static String urlQuery(String query) {
        return query.replace(' ', '+');
    }
}
