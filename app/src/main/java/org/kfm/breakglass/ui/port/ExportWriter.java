package org.kfm.breakglass.ui.port;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;

/** Writes a result to a file (the lead's CSV / GeoJSON writers). Called off the FX thread, after recordExport. */
@FunctionalInterface
public interface ExportWriter {

    /** @param format {@code "csv"} or {@code "geojson"} */
    void write(String format, List<ColumnInfo> columns, List<List<Object>> rows, Path file) throws IOException;
}
