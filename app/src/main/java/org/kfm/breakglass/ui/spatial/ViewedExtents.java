package org.kfm.breakglass.ui.spatial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kfm.breakglass.session.ViewedExtent;
import org.kfm.breakglass.spatial.Viewport;

/**
 * Every extent the map of one result showed, per column and SRID, as their union (ADR 0025): what the operator could
 * have looked at, which {@code map.view} journals. Used on the FX thread only.
 */
final class ViewedExtents {
    private final Map<String, Union> byColumnAndSrid = new LinkedHashMap<>();

    /** The map showed {@code view} of {@code column} in {@code srid} (a plan painted, or a frame while moving). */
    void shown(String column, int srid, Viewport view) {
        byColumnAndSrid
                .computeIfAbsent(column + "\u0000" + srid, k -> new Union(column, srid))
                .add(view);
    }

    /** The unions not yet handed out, or changed since; each is handed out once per change. */
    List<ViewedExtent> takeNew(String sql) {
        var fresh = new ArrayList<ViewedExtent>();
        for (Union u : byColumnAndSrid.values()) {
            if (u.views > u.taken) {
                u.taken = u.views;
                fresh.add(new ViewedExtent(sql, u.column, u.srid, u.minX, u.minY, u.maxX, u.maxY, u.views));
            }
        }
        return fresh;
    }

    private static final class Union {
        final String column;
        final int srid;
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        int views;
        int taken;
        private Viewport last;

        Union(String column, int srid) {
            this.column = column;
            this.srid = srid;
        }

        void add(Viewport view) {
            if (view.equals(last)) {
                return; // the same extent painted again (a highlight, the final frame of a stream) is one view
            }
            last = view;
            views++;
            minX = Math.min(minX, view.worldMinX());
            minY = Math.min(minY, view.worldMinY());
            maxX = Math.max(maxX, view.worldMaxX());
            maxY = Math.max(maxY, view.worldMaxY());
        }
    }
}
