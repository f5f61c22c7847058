package org.kfm.breakglass.spatial;

/**
 * One shape in screen pixels: {@code xy} holds x0,y0,x1,y1,… for all parts; {@code partStarts} gives the vertex index
 * where each part begins. For a polygon the first part is the shell and the rest are holes (fill even-odd); for a
 * line every part is a separate polyline (a line cut by the view edge has several).
 */
public record ScreenPath(int row, Kind kind, double[] xy, int[] partStarts) {
    public enum Kind {
        LINE,
        POLYGON
    }

    public int vertexCount() {
        return xy.length / 2;
    }

    public int partCount() {
        return partStarts.length;
    }

    /** Vertex index one past the end of part {@code part}. */
    public int partEnd(int part) {
        return part + 1 < partStarts.length ? partStarts[part + 1] : vertexCount();
    }
}
