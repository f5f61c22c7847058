package org.kfm.breakglass;

import org.kfm.breakglass.ui.results.SpatialPreviewFactory;
import org.kfm.breakglass.ui.spatial.ResultMapPreview;

/** Which spatial preview sits beside result tables: the map. */
final class SpatialPreviews {
    private SpatialPreviews() {}

    static SpatialPreviewFactory factory() {
        return ResultMapPreview.onVirtualThreads();
    }
}
