package dev.tiered.connect.datagen;

import java.util.List;

/** A fixed set of items drawn with given relative weights. Immutable. */
final class Weighted<T> {

    private final Object[] items;
    private final double[] cumulative;

    private Weighted(List<T> items, double[] weights) {
        if (items.isEmpty() || items.size() != weights.length) {
            throw new IllegalArgumentException("Need one positive weight per item");
        }
        this.items = items.toArray();
        this.cumulative = new double[weights.length];
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double running = 0;
        for (int i = 0; i < weights.length; i++) {
            running += weights[i] / total;
            cumulative[i] = running;
        }
        cumulative[weights.length - 1] = 1.0;
    }

    static <T> Weighted<T> of(List<T> items, double... weights) {
        return new Weighted<>(items, weights);
    }

    @SuppressWarnings("unchecked")
    T pick(double u) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return (T) items[i];
            }
        }
        return (T) items[items.length - 1];
    }

    T pick(EventRandom random) {
        return pick(random.nextDouble());
    }

    int size() {
        return items.length;
    }
}
