package org.kfm.breakglass.spatial;

import java.util.List;

/**
 * How many point marks fell on each pixel of a frame, for drawing dense points as density instead of markers that
 * hide one another (ADR 0019). {@code counts} is row-major, {@code width × height}; {@code max} is the largest count.
 * {@code argb} is the same raster already coloured (premultiplied ARGB, 0 = transparent where no mark fell), composed
 * where the raster is built — on the planner's thread — so the UI thread only hands the pixels over (ADR 0031).
 */
public record DensityRaster(int width, int height, int[] counts, int max, int marks, int[] argb) {
    /** Colour lookups cached per distinct count up to this value (counts above it are coloured one by one). */
    private static final int CACHED_COUNTS = 4096;

    public DensityRaster {
        if (counts.length != width * height) {
            throw new IllegalArgumentException("density raster of " + width + " x " + height + " needs "
                    + width * height + " counts, got " + counts.length);
        }
        if (argb.length != counts.length) {
            throw new IllegalArgumentException("density raster of " + width + " x " + height + " needs "
                    + width * height + " colours, got " + argb.length);
        }
    }

    /** A raster whose colours are composed from {@code counts} now. */
    public DensityRaster(int width, int height, int[] counts, int max, int marks) {
        this(width, height, counts, max, marks, compose(counts, max));
    }

    /** Each pixel in the viridis colour of its count on the log ramp; one log() per distinct count, not per pixel. */
    private static int[] compose(int[] counts, int max) {
        int[] pixels = new int[counts.length];
        int[] colourOf = new int[Math.min(max, CACHED_COUNTS) + 1];
        double logMax = max <= 1 ? 0 : Math.log(max);
        for (int i = 0; i < counts.length; i++) {
            int c = counts[i];
            if (c == 0) {
                continue; // stays transparent: the map under it shows
            }
            if (c < colourOf.length) {
                int colour = colourOf[c];
                if (colour == 0) {
                    colour = DensityRamp.argb(position(c, max, logMax));
                    colourOf[c] = colour;
                }
                pixels[i] = colour;
            } else {
                pixels[i] = DensityRamp.argb(position(c, max, logMax));
            }
        }
        return pixels;
    }

    private static double position(int count, int max, double logMax) {
        return count <= 1 || max <= 1 ? 0 : Math.min(1, Math.log(count) / logMax);
    }

    /** The colour of the pixel at x, y (premultiplied ARGB; 0 where no mark fell). */
    public int argb(int x, int y) {
        return argb[y * width + x];
    }

    public int count(int x, int y) {
        return counts[y * width + x];
    }

    /**
     * Where a count sits on the colour ramp, 0..1, on a logarithmic scale (1 → 0, {@code max} → 1): a few
     * thousand points on one pixel must not wash out the pixels holding one or two.
     */
    public double rampPosition(int count) {
        return position(count, max, max <= 1 ? 0 : Math.log(max));
    }

    /** The counts the legend labels: 1, the geometric middle and the maximum (without repeats). */
    public List<Integer> legendTicks() {
        int middle = (int) Math.round(Math.sqrt(max));
        if (max <= 1) {
            return List.of(1);
        }
        if (middle <= 1 || middle >= max) {
            return List.of(1, max);
        }
        return List.of(1, middle, max);
    }

    /** Pixels holding at least one mark. */
    public int occupiedPixels() {
        int occupied = 0;
        for (int c : counts) {
            if (c > 0) {
                occupied++;
            }
        }
        return occupied;
    }
}
