package org.kfm.breakglass.sql;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.kfm.breakglass.spatial.GeoJsonExport;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectWriter;

/**
 * A streamed GeoJSON FeatureCollection. The first spatial column is each feature's geometry (null when NULL or
 * undecodable); every other column is a property (other geometries in the writer's {@link GeometryForm}, by default EWKT).
 */
final class GeoJsonResultWriter extends ResultWriter {

    private static final String HEAD = "{\"type\":\"FeatureCollection\",\"features\":[\n";

    /** Features are separated by the ",\n" written before each, not by Jackson's root separator. */
    private static final ObjectWriter FEATURES =
            JsonLinesResultWriter.MAPPER.writer().withRootValueSeparator("");

    private List<String> names = List.of();
    private int geometryColumn = -1;
    private boolean first = true;
    private JsonGenerator json;

    GeoJsonResultWriter(Writer out, GeometryForm geometryForm) {
        super(out, geometryForm);
    }

    @Override
    protected void begin() {
        names = uniqueNames();
        for (int i = 0; i < columns.size() && geometryColumn < 0; i++) {
            if (columns.get(i).spatial()) {
                geometryColumn = i;
            }
        }
        json = FEATURES.createGenerator(out);
        json.writeRaw(HEAD);
    }

    @Override
    protected void writeRow(List<Object> values) {
        json.writeRaw(first ? "" : ",\n");
        first = false;
        json.writeStartObject();
        json.writeStringProperty("type", "Feature");
        json.writeName("geometry");
        String geometry = null;
        if (geometryColumn >= 0 && values.get(geometryColumn) instanceof EwkbValue ewkb) {
            geometry = GeoJsonExport.geometryJson(ewkb.decode());
        }
        if (geometry == null) {
            json.writeNull();
        } else {
            // Parsed and re-written (not raw) so the feature holds exactly what the JSON model makes of it.
            json.writeTree(JsonLinesResultWriter.MAPPER.readTree(geometry));
        }
        json.writeName("properties");
        json.writeStartObject();
        for (int i = 0; i < values.size(); i++) {
            if (i != geometryColumn) {
                json.writeName(names.get(i));
                JsonLinesResultWriter.writeValue(json, values.get(i), cells);
            }
        }
        json.writeEndObject();
        json.writeEndObject();
    }

    @Override
    protected void end() throws IOException {
        if (json == null) {
            out.write(HEAD);
            out.write("\n]}\n");
            return;
        }
        json.writeRaw("\n]}\n");
        json.flush();
    }
}
