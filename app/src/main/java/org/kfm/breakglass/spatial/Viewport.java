package org.kfm.breakglass.spatial;

import org.locationtech.jts.geom.Envelope;

/**
 * The part of the world a canvas shows: world coordinates of the lower-left pixel corner, pixels per world unit,
 * and the pixel size. Screen y grows downwards, world y upwards.
 */
public record Viewport(double worldMinX, double worldMinY, double scale, double widthPx, double heightPx) {
    public Viewport {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(
                    "Viewport scale must be a positive finite number of pixels per world unit, got " + scale);
        }
        if (!(widthPx >= 0) || !(heightPx >= 0)) {
            throw new IllegalArgumentException("Viewport size must not be negative, got " + widthPx + " x " + heightPx);
        }
    }

    /** A viewport showing {@code extent} centred with {@code marginPx} free on every side. */
    public static Viewport fit(Envelope extent, double widthPx, double heightPx, double marginPx) {
        if (extent == null || extent.isNull()) {
            return new Viewport(-180, -90, Math.max(widthPx, 1) / 360.0, widthPx, heightPx);
        }
        double usableW = Math.max(widthPx - 2 * marginPx, 1);
        double usableH = Math.max(heightPx - 2 * marginPx, 1);
        double w = extent.getWidth();
        double h = extent.getHeight();
        // A single point (or an axis-parallel line) has no extent in one axis: give it a window proportional
        // to its coordinates, which suits degrees and metres alike.
        double fallback = 1e-3 * Math.max(1, Math.max(Math.abs(extent.getMaxX()), Math.abs(extent.getMaxY())));
        double spanW = w > 0 ? w : Math.max(h, fallback);
        double spanH = h > 0 ? h : Math.max(w, fallback);
        double scale = Math.min(usableW / spanW, usableH / spanH);
        double cx = extent.centre().x;
        double cy = extent.centre().y;
        return new Viewport(cx - widthPx / 2 / scale, cy - heightPx / 2 / scale, scale, widthPx, heightPx);
    }

    public double worldMaxX() {
        return worldMinX + widthPx / scale;
    }

    public double worldMaxY() {
        return worldMinY + heightPx / scale;
    }

    public Envelope worldEnvelope() {
        return new Envelope(worldMinX, worldMaxX(), worldMinY, worldMaxY());
    }

    public double screenX(double worldX) {
        return (worldX - worldMinX) * scale;
    }

    public double screenY(double worldY) {
        return heightPx - (worldY - worldMinY) * scale;
    }

    public double worldX(double screenX) {
        return worldMinX + screenX / scale;
    }

    public double worldY(double screenY) {
        return worldMinY + (heightPx - screenY) / scale;
    }

    /** The same view moved so the content follows a drag of (dx, dy) pixels. */
    public Viewport panBy(double dxPx, double dyPx) {
        return new Viewport(worldMinX - dxPx / scale, worldMinY + dyPx / scale, scale, widthPx, heightPx);
    }

    /** Zooms by {@code factor} (&gt;1 = in) keeping the world point under the pixel (px, py) in place. */
    public Viewport zoomAround(double px, double py, double factor) {
        double wx = worldX(px);
        double wy = worldY(py);
        double s = scale * factor;
        return new Viewport(wx - px / s, wy - (heightPx - py) / s, s, widthPx, heightPx);
    }

    /** The same centre and scale on a canvas of a new size. */
    public Viewport resize(double newWidthPx, double newHeightPx) {
        double cx = worldX(widthPx / 2);
        double cy = worldY(heightPx / 2);
        return new Viewport(cx - newWidthPx / 2 / scale, cy - newHeightPx / 2 / scale, scale, newWidthPx, newHeightPx);
    }
}
