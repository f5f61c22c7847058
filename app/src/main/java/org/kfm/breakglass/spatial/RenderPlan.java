package org.kfm.breakglass.spatial;

import java.util.List;

/**
 * Everything a canvas needs to draw one frame of a layer, in screen pixels, free of any UI toolkit: the basemap's land
 * (empty unless the SRID is 4326 or 3857, see {@link Basemap}), shapes, point
 * marks (x,y pairs) or, when they overlap, their per-pixel {@code density} (null otherwise), the highlighted rows'
 * shapes separately (drawn on top), a graticule, a scale bar and counts.
 */
public record RenderPlan(
        Viewport viewport,
        int srid,
        List<ScreenPath> basemap,
        List<ScreenPath> paths,
        double[] points,
        DensityRaster density,
        List<ScreenPath> highlightPaths,
        double[] highlightPoints,
        List<GridLine> graticule,
        ScaleBar scaleBar,
        PlanCounts counts) {
    public RenderPlan {
        basemap = List.copyOf(basemap);
        paths = List.copyOf(paths);
        highlightPaths = List.copyOf(highlightPaths);
        graticule = List.copyOf(graticule);
    }

    public int pointCount() {
        return points.length / 2;
    }

    /** True when the points are drawn as a density raster with a legend rather than as markers. */
    public boolean dense() {
        return density != null;
    }

    public int highlightPointCount() {
        return highlightPoints.length / 2;
    }
}
