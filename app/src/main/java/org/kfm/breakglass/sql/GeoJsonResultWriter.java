package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import org.kfm.breakglass.spatial.GeoJsonExport;

/**
 * A streamed GeoJSON FeatureCollection. The first spatial column is each feature's geometry (null when NULL or
 * undecodable); every other column is a property (other geometries as EWKT).
 */
final class GeoJsonResultWriter extends ResultWriter {

    private List<String> names = List.of();
    private int geometryColumn = -1;
    private boolean first = true;
    private boolean begun;

    GeoJsonResultWriter(Writer out) {
        super(out);
    }

    @Override
    protected void begin() throws IOException {
        names = uniqueNames();
        for (int i = 0; i < columns.size() && geometryColumn < 0; i++) {
            if (columns.get(i).spatial()) {
                geometryColumn = i;
            }
        }
        out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
        begun = true;
    }

    @Override
    protected void writeRow(List<Object> values) throws IOException {
        var feature = new LinkedHashMap<String, Object>();
        feature.put("type", "Feature");
        Object geometry = null;
        if (geometryColumn >= 0 && values.get(geometryColumn) instanceof EwkbValue ewkb) {
            var json = GeoJsonExport.geometryJson(ewkb.decode());
            geometry = json == null ? null : JsonLinesResultWriter.MAPPER.readTree(json);
        }
        feature.put("geometry", geometry);
        feature.put("properties", JsonLinesResultWriter.properties(names, values, geometryColumn));
        out.write(first ? "" : ",\n");
        out.write(JsonLinesResultWriter.MAPPER.writeValueAsString(feature));
        first = false;
    }

    @Override
    protected void end() throws IOException {
        if (!begun) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[\n");
        }
        out.write("\n]}\n");
    }
}
