package org.kfm.breakglass.ui.spatial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.ColumnInfo;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

class SpatialResultFeedTest {
    private static String point(double x, double y, int srid) {
        var p = new GeometryFactory().createPoint(new Coordinate(x, y));
        p.setSRID(srid);
        return WKBWriter.toHex(new WKBWriter(2, true).write(p));
    }

    @Test
    void spatialColumnsBecomeLayersWithTableRowIndicesAcrossBatches() {
        var model = new SpatialPreviewViewModel(BackgroundWork.direct());
        model.resize(800, 500);
        var selected = new ArrayList<Integer>();
        model.setOnRowSelected(selected::add);
        var feed = new SpatialResultFeed(model, UiThread.direct());

        feed.columns(List.of(new ColumnInfo("id", "int4", false), new ColumnInfo("geom", "geometry", true),
                new ColumnInfo("geom", "geography", true)));
        feed.rows(List.of(Arrays.asList(1, point(1, 1, 4326), null), Arrays.asList(2, point(2, 2, 4326), point(5, 5, 4326))));
        feed.rows(List.<List<Object>>of(Arrays.asList(3, point(3, 3, 4326), "zz")));
        feed.done(3, 1.0);

        assertThat(model.columns()).containsExactly("geom", "geom (2)");
        assertThat(model.getStatus()).isEqualTo("3 of 3 drawn · SRID 4326 · 0 empty · 0 invalid · 0 malformed");
        var vp = model.viewport();
        model.clickAt(vp.screenX(3), vp.screenY(3));
        assertThat(selected).containsExactly(2);

        model.selectedColumnProperty().set("geom (2)");
        assertThat(model.getStatus()).isEqualTo("1 of 2 drawn · SRID 4326 · 0 empty · 0 invalid · 1 malformed (row 2)");
    }
}
