package org.kfm.breakglass.spatial;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The graticule and the scale bar for a viewport: degree lines at a nice step for geographic SRIDs, coordinate lines
 * for projected ones; a scale bar of a nice length in metres, or degrees with approximate kilometres.
 */
final class MapFurniture {
    /** Geographic (longitude/latitude in degrees) SRIDs the console meets in practice. */
    static final Set<Integer> GEOGRAPHIC = Set.of(4326, 4258, 4269, 4283, 4617, 4674, 4979, 4937);

    private static final double[] DEGREE_STEPS = {
        0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 45, 90
    };
    private static final double METRES_PER_DEGREE = 111_320;
    private static final int TARGET_LINES = 8;
    private static final double TARGET_BAR_PX = 120;

    private MapFurniture() {}

    static boolean geographic(int srid) {
        return GEOGRAPHIC.contains(srid);
    }

    static List<GridLine> graticule(Viewport vp, int srid) {
        boolean geo = geographic(srid);
        double span = Math.max(vp.worldMaxX() - vp.worldMinX(), vp.worldMaxY() - vp.worldMinY());
        double step = geo ? degreeStep(span / TARGET_LINES) : niceStep(span / TARGET_LINES);
        var lines = new ArrayList<GridLine>();
        for (double x = Math.ceil(vp.worldMinX() / step) * step; x <= vp.worldMaxX(); x += step) {
            if (!geo || Math.abs(x) <= 180) {
                lines.add(new GridLine(true, vp.screenX(x), geo ? degrees(x, step, "E", "W") : plain(x, step)));
            }
        }
        for (double y = Math.ceil(vp.worldMinY() / step) * step; y <= vp.worldMaxY(); y += step) {
            if (!geo || Math.abs(y) <= 90) {
                lines.add(new GridLine(false, vp.screenY(y), geo ? degrees(y, step, "N", "S") : plain(y, step)));
            }
        }
        return lines;
    }

    static ScaleBar scaleBar(Viewport vp, int srid) {
        double worldPerPx = 1 / vp.scale();
        if (geographic(srid)) {
            double lengthDeg = niceStep(worldPerPx * TARGET_BAR_PX);
            double centreLat = Math.max(-89.9, Math.min(89.9, vp.worldY(vp.heightPx() / 2)));
            double km = lengthDeg * METRES_PER_DEGREE * Math.cos(Math.toRadians(centreLat)) / 1000;
            return new ScaleBar(lengthDeg * vp.scale(), decimal(lengthDeg) + "° ≈ " + kilometres(km));
        }
        double length = niceStep(worldPerPx * TARGET_BAR_PX);
        if (srid == 0) {
            return new ScaleBar(length * vp.scale(), decimal(length) + " units (no SRID)");
        }
        String label = length >= 1000 ? decimal(length / 1000) + " km" : decimal(length) + " m";
        return new ScaleBar(length * vp.scale(), label);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0) || Double.isInfinite(raw)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw * 0.999) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static double degreeStep(double raw) {
        for (double step : DEGREE_STEPS) {
            if (step >= raw) {
                return step;
            }
        }
        return 90;
    }

    private static String degrees(double value, double step, String positive, String negative) {
        double rounded = round(value, step);
        String hemisphere = rounded > 0 ? positive : rounded < 0 ? negative : "";
        return decimal(Math.abs(rounded)) + "°" + hemisphere;
    }

    private static String plain(double value, double step) {
        return step >= 1 ? String.format("%,.0f", round(value, step)) : decimal(round(value, step));
    }

    private static double round(double value, double step) {
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step)) + 1);
        return BigDecimal.valueOf(value)
                .setScale(decimals, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static String decimal(double value) {
        return BigDecimal.valueOf(value)
                .round(new java.math.MathContext(6))
                .stripTrailingZeros()
                .toPlainString();
    }

    private static String kilometres(double km) {
        if (km >= 10) {
            return String.format("%,.0f km", km);
        }
        if (km >= 1) {
            return String.format("%.1f km", km);
        }
        return String.format("%,.0f m", km * 1000);
    }
}
