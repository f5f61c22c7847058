package org.kfm.breakglass.spatial;

/**
 * The viridis colour ramp (perceptually uniform, readable by the colour-blind and in grey scale), as ARGB values
 * interpolated between its nine standard stops; toolkit-free so the painter and the tests share it.
 */
public final class DensityRamp {
    private static final int[] STOPS = {
        0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xfde725
    };
    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < TABLE.length; i++) {
            double t = i / 255.0 * (STOPS.length - 1);
            int lower = Math.min((int) t, STOPS.length - 2);
            double f = t - lower;
            TABLE[i] = 0xff000000
                    | mix(STOPS[lower] >> 16, STOPS[lower + 1] >> 16, f) << 16
                    | mix(STOPS[lower] >> 8, STOPS[lower + 1] >> 8, f) << 8
                    | mix(STOPS[lower], STOPS[lower + 1], f);
        }
    }

    private DensityRamp() {}

    /** The opaque ARGB colour at {@code position} (0..1, clamped). */
    public static int argb(double position) {
        double t = Math.max(0, Math.min(1, position));
        return TABLE[(int) Math.round(t * 255)];
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) + ((b & 0xff) - (a & 0xff)) * f);
    }
}
