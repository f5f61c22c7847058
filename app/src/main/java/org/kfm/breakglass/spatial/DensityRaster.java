package org.kfm.breakglass.spatial;

import java.util.List;

/**
 * How many point marks fell on each pixel of a frame, for drawing dense points as density instead of markers that
 * hide one another (ADR 0019). {@code counts} is row-major, {@code width × height}; {@code max} is the largest count.
 */
public record DensityRaster(int width, int height, int[] counts, int max, int marks) {
    public DensityRaster {
        if (counts.length != width * height) {
            throw new IllegalArgumentException("density raster of " + width + " x " + height + " needs "
                    + width * height + " counts, got " + counts.length);
        }
    }

    public int count(int x, int y) {
        return counts[y * width + x];
    }

    /**
     * Where a count sits on the colour ramp, 0..1, on a logarithmic scale (1 → 0, {@code max} → 1): a few
     * thousand points on one pixel must not wash out the pixels holding one or two.
     */
    public double rampPosition(int count) {
        if (count <= 1 || max <= 1) {
            return 0;
        }
        return Math.min(1, Math.log(count) / Math.log(max));
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
