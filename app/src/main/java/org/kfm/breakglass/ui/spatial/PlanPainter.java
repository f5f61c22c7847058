package org.kfm.breakglass.ui.spatial;

import java.nio.IntBuffer;
import java.util.List;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.shape.FillRule;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import org.kfm.breakglass.spatial.DensityRamp;
import org.kfm.breakglass.spatial.DensityRaster;
import org.kfm.breakglass.spatial.GridLine;
import org.kfm.breakglass.spatial.RenderPlan;
import org.kfm.breakglass.spatial.ScaleBar;
import org.kfm.breakglass.spatial.ScreenPath;

/** Paints a {@link RenderPlan} onto a canvas in the AtlantaFX Primer palette. */
final class PlanPainter {
    /** Column colours (Primer accent, success, done, severe, sponsors, attention). */
    static final List<Color> COLUMN_COLOURS = List.of(
            Color.web("#0969da"),
            Color.web("#1a7f37"),
            Color.web("#8250df"),
            Color.web("#bc4c00"),
            Color.web("#bf3989"),
            Color.web("#9a6700"));

    static final Color HIGHLIGHT = Color.web("#fb8500");
    private static final Color HIGHLIGHT_STROKE = Color.web("#cf222e");
    /** Map paper, graticule and label colours; the dark one matches AtlantaFX Primer Dark. */
    record Palette(Color background, Color grid, Color muted, Color land, Color coast) {
        static final Palette LIGHT = new Palette(
                Color.web("#f6f8fa"),
                Color.web("#d8dee4"),
                Color.web("#57606a"),
                Color.web("#e8ebe0"),
                Color.web("#c5cbb8"));
        static final Palette DARK = new Palette(
                Color.web("#161b22"),
                Color.web("#30363d"),
                Color.web("#8b949e"),
                Color.web("#1f262e"),
                Color.web("#39424d"));

        /** The palette that suits the theme whose subtle background is {@code themeBackground}. */
        static Palette matching(Color themeBackground) {
            return themeBackground != null && themeBackground.getBrightness() < 0.5 ? DARK : LIGHT;
        }
    }

    private Palette palette = Palette.LIGHT;
    private static final Color INK = Color.web("#1f2328");
    /** Above this many marks, points are stamped into a pixel buffer instead of drawn one by one. */
    private static final int DENSE_POINTS = 20_000;

    private static final double POINT_RADIUS = 3.5;
    private static final double LEGEND_BAR_PX = 140;
    private static final Font LABEL = Font.font("System", 11);
    private static final Font SCALE_LABEL = Font.font("System", FontWeight.SEMI_BOLD, 11);

    private WritableImage pointLayer;
    private int[] pointPixels;
    private PixelBuffer<IntBuffer> pointBuffer;

    void usePalette(Palette palette) {
        this.palette = palette;
    }

    void paint(GraphicsContext g, RenderPlan plan, Color colour, double width, double height) {
        paintMap(g, plan, colour, width, height);
        if (plan != null) {
            paintScaleBar(g, plan.scaleBar(), width, height);
            if (plan.dense()) {
                paintLegend(g, plan.density(), height);
            }
        }
    }

    void paintPaper(GraphicsContext g, double width, double height) {
        g.setFill(palette.background());
        g.fillRect(0, 0, width, height);
    }

    /** The map itself (paper, graticule, shapes, points), without the scale bar and legend that stay put. */
    void paintMap(GraphicsContext g, RenderPlan plan, Color colour, double width, double height) {
        paintPaper(g, width, height);
        if (plan == null) {
            return;
        }
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setFillRule(FillRule.EVEN_ODD);
        // Land under everything, even the graticule: context, not data.
        paintPaths(g, plan.basemap(), palette.land(), palette.coast(), 0.8, 0.8);
        paintGraticule(g, plan.graticule(), palette, width, height);
        paintPaths(g, plan.paths(), colour.deriveColor(0, 1, 1, 0.22), colour, 1.2, 1.6);
        if (plan.dense()) {
            paintDensity(g, plan.density());
        } else {
            paintPoints(g, plan.points(), colour, width, height);
        }
        paintPaths(g, plan.highlightPaths(), HIGHLIGHT.deriveColor(0, 1, 1, 0.45), HIGHLIGHT_STROKE, 2.5, 3.5);
        for (int i = 0; i < plan.highlightPoints().length; i += 2) {
            dot(
                    g,
                    plan.highlightPoints()[i],
                    plan.highlightPoints()[i + 1],
                    POINT_RADIUS + 2.5,
                    HIGHLIGHT,
                    HIGHLIGHT_STROKE,
                    2);
        }
    }

    /** Each pixel in the viridis colour of how many marks fell on it (log scale); empty pixels stay paper. */
    private void paintDensity(GraphicsContext g, DensityRaster density) {
        int w = density.width();
        int h = density.height();
        if (w == 0 || h == 0) {
            return;
        }
        ensureLayer(w, h);
        // The planner composed the colours off this thread; here they are only copied into the image's buffer.
        // The buffer is written only inside updateBuffer, as PixelBuffer asks (the renderer reads it).
        pointBuffer.updateBuffer(buffer -> {
            System.arraycopy(density.argb(), 0, pointPixels, 0, w * h);
            return null;
        });
        g.drawImage(pointLayer, 0, 0);
    }

    /**
     * The point layer's image is backed by {@link #pointPixels} through a {@link PixelBuffer} in the premultiplied
     * ARGB format the software pipeline uses itself: no per-pixel format conversion on the FX thread (a
     * {@code PixelWriter} converts to BGRA) nor back again when the renderer uploads the texture.
     */
    private void ensureLayer(int w, int h) {
        if (pointLayer == null || pointLayer.getWidth() != w || pointLayer.getHeight() != h) {
            pointPixels = new int[w * h];
            pointBuffer = new PixelBuffer<>(w, h, IntBuffer.wrap(pointPixels), PixelFormat.getIntArgbPreInstance());
            pointLayer = new WritableImage(pointBuffer);
        }
    }

    /** The colour scale of the density raster, bottom left: "points per pixel" from 1 to the maximum. */
    private static void paintLegend(GraphicsContext g, DensityRaster density, double height) {
        double x = 8;
        double barWidth = LEGEND_BAR_PX;
        double y = height - 16;
        g.setFill(Color.rgb(255, 255, 255, 0.85));
        g.fillRoundRect(x - 2, y - 40, barWidth + 28, 54, 6, 6);
        g.setFont(SCALE_LABEL);
        g.setFill(INK);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(String.format("%,d points · per pixel", density.marks()), x + 4, y - 24);
        for (int i = 0; i < barWidth; i++) {
            int argb = DensityRamp.argb(i / (barWidth - 1));
            g.setFill(Color.rgb(argb >> 16 & 0xff, argb >> 8 & 0xff, argb & 0xff));
            g.fillRect(x + 4 + i, y - 20, 1, 8);
        }
        g.setFill(INK);
        g.setFont(LABEL);
        g.setTextBaseline(VPos.TOP);
        g.setTextAlign(TextAlignment.CENTER);
        for (int tick : density.legendTicks()) {
            double t = density.rampPosition(tick);
            g.fillText(String.format("%,d", tick), x + 4 + t * (barWidth - 1), y - 10);
        }
    }

    private static void paintGraticule(
            GraphicsContext g, List<GridLine> lines, Palette palette, double width, double height) {
        g.setStroke(palette.grid());
        g.setLineWidth(1);
        g.setFont(LABEL);
        for (GridLine line : lines) {
            double p = Math.round(line.position()) + 0.5; // crisp one-pixel lines
            if (line.vertical()) {
                g.strokeLine(p, 0, p, height);
            } else {
                g.strokeLine(0, p, width, p);
            }
        }
        g.setFill(palette.muted());
        for (GridLine line : lines) {
            // Keep labels clear of the edges and of the scale bar in the bottom-right corner.
            if (line.vertical() && line.position() > width - 60
                    || !line.vertical() && (line.position() < 28 || line.position() > height - 8)) {
                continue;
            }
            if (line.vertical()) {
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.TOP);
                g.fillText(line.label(), line.position() + 3, 3);
            } else {
                g.setTextAlign(TextAlignment.LEFT);
                g.setTextBaseline(VPos.BOTTOM);
                g.fillText(line.label(), 3, line.position() - 2);
            }
        }
    }

    private static void paintPaths(
            GraphicsContext g,
            List<ScreenPath> paths,
            Color fill,
            Color stroke,
            double polygonStroke,
            double lineStroke) {
        g.setFill(fill);
        g.setStroke(stroke);
        for (ScreenPath path : paths) {
            double[] xy = path.xy();
            g.beginPath();
            for (int part = 0; part < path.partCount(); part++) {
                int start = path.partStarts()[part];
                g.moveTo(xy[2 * start], xy[2 * start + 1]);
                for (int v = start + 1; v < path.partEnd(part); v++) {
                    g.lineTo(xy[2 * v], xy[2 * v + 1]);
                }
                if (path.kind() == ScreenPath.Kind.POLYGON) {
                    g.closePath();
                }
            }
            if (path.kind() == ScreenPath.Kind.POLYGON) {
                g.fill();
                g.setLineWidth(polygonStroke);
            } else {
                g.setLineWidth(lineStroke);
            }
            g.stroke();
        }
    }

    private void paintPoints(GraphicsContext g, double[] points, Color colour, double width, double height) {
        if (points.length / 2 <= DENSE_POINTS) {
            for (int i = 0; i < points.length; i += 2) {
                dot(g, points[i], points[i + 1], POINT_RADIUS, colour, Color.WHITE, 1);
            }
            return;
        }
        // Hundreds of thousands of vector circles are slow on the software pipeline; a stamped 3x3 dot per mark
        // shows the same density and draws in one image blit.
        int w = (int) Math.ceil(width);
        int h = (int) Math.ceil(height);
        ensureLayer(w, h);
        pointBuffer.updateBuffer(buffer -> {
            java.util.Arrays.fill(pointPixels, 0);
            int argb = argb(colour, 0.85);
            for (int i = 0; i < points.length; i += 2) {
                int cx = (int) points[i];
                int cy = (int) points[i + 1];
                for (int y = cy - 1; y <= cy + 1; y++) {
                    for (int x = cx - 1; x <= cx + 1; x++) {
                        if (x >= 0 && y >= 0 && x < w && y < h) {
                            pointPixels[y * w + x] = argb;
                        }
                    }
                }
            }
            return null;
        });
        g.drawImage(pointLayer, 0, 0);
    }

    private static int argb(Color c, double alpha) {
        int a = (int) Math.round(alpha * 255);
        int r = (int) Math.round(c.getRed() * alpha * 255);
        int gr = (int) Math.round(c.getGreen() * alpha * 255);
        int b = (int) Math.round(c.getBlue() * alpha * 255);
        return a << 24 | r << 16 | gr << 8 | b;
    }

    private static void dot(GraphicsContext g, double x, double y, double r, Color fill, Color ring, double ringWidth) {
        g.setFill(fill);
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
        g.setStroke(ring);
        g.setLineWidth(ringWidth);
        g.strokeOval(x - r, y - r, 2 * r, 2 * r);
    }

    private static void paintScaleBar(GraphicsContext g, ScaleBar bar, double width, double height) {
        double labelWidth = bar.label().length() * 6.2;
        double boxWidth = Math.max(bar.lengthPx(), labelWidth) + 16;
        double x = width - boxWidth - 6;
        double y = height - 12;
        g.setFill(Color.rgb(255, 255, 255, 0.8));
        g.fillRoundRect(x, y - 28, boxWidth, 34, 6, 6);
        double barX = x + boxWidth - 8 - bar.lengthPx();
        g.setStroke(INK);
        g.setLineWidth(2);
        g.setLineCap(StrokeLineCap.BUTT);
        g.strokeLine(barX, y, barX + bar.lengthPx(), y);
        g.strokeLine(barX, y - 5, barX, y + 1);
        g.strokeLine(barX + bar.lengthPx(), y - 5, barX + bar.lengthPx(), y + 1);
        g.setFont(SCALE_LABEL);
        g.setFill(INK);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(bar.label(), barX + bar.lengthPx(), y - 6);
    }
}
