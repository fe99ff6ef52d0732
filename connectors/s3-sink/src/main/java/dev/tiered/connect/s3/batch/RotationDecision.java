package dev.tiered.connect.s3.batch;

import java.util.Objects;

/** Whether to commit the open file now and, if so, why. Preallocated: deciding allocates nothing per record. */
public final class RotationDecision {

    public static final RotationDecision KEEP = new RotationDecision(null);

    private static final RotationDecision[] ROTATE = new RotationDecision[RotationReason.values().length];

    static {
        for (RotationReason reason : RotationReason.values()) {
            ROTATE[reason.ordinal()] = new RotationDecision(reason);
        }
    }

    private final RotationReason reason;

    private RotationDecision(RotationReason reason) {
        this.reason = reason;
    }

    public static RotationDecision rotate(RotationReason reason) {
        return ROTATE[Objects.requireNonNull(reason).ordinal()];
    }

    public boolean shouldRotate() {
        return reason != null;
    }

    /** The reason; only meaningful if {@link #shouldRotate()}. */
    public RotationReason reason() {
        if (reason == null) {
            throw new IllegalStateException("no rotation");
        }
        return reason;
    }

    @Override
    public String toString() {
        return reason == null ? "KEEP" : "ROTATE(" + reason + ")";
    }
}
