package dev.tiered.connect.datagen;

/**
 * What stays the same across a visitor's events: where they are, their device, whether they are signed in. Derived
 * from the seed and the user's number alone, so a user looks the same in every task and every replay.
 */
record UserProfile(long number, String userId, Vocabulary.City city, Vocabulary.Device device, String ip,
                   boolean loggedIn, boolean consent, String abVariant) {

    static UserProfile derive(long seed, long number, EventRandom random) {
        random.reset(EventRandom.combine(seed ^ 0x75736572L, number));
        Vocabulary.City city = Vocabulary.CITIES.pick(random);
        Vocabulary.Device device = Vocabulary.DEVICES.pick(random);
        // The last octet is zeroed, as analytics pipelines anonymise addresses.
        String ip = random.nextInt(11, 223) + "." + random.nextInt(256) + "." + random.nextInt(256) + ".0";
        boolean loggedIn = random.chance(0.55);
        boolean consent = random.chance(0.82);
        String abVariant = random.pick(Vocabulary.AB_VARIANTS);
        return new UserProfile(number, "u-" + number, city, device, ip, loggedIn, consent, abVariant);
    }

    /**
     * Remembers recently derived profiles: user popularity is skewed, so most events reuse one, and their strings
     * are shared, as a real producer's interned vocabularies would be. Not thread-safe.
     */
    static final class Cache {

        private static final int SIZE = 1 << 12;

        private final long seed;
        private final UserProfile[] slots = new UserProfile[SIZE];
        private final EventRandom random = new EventRandom();

        Cache(long seed) {
            this.seed = seed;
        }

        UserProfile get(long number) {
            int slot = (int) (number & (SIZE - 1));
            UserProfile profile = slots[slot];
            if (profile == null || profile.number() != number) {
                profile = derive(seed, number, random);
                slots[slot] = profile;
            }
            return profile;
        }
    }
}
