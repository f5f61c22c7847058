package org.kfm.breakglass;

import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/** Which spatial preview sits beside result tables. */
final class SpatialPreviews {
    private SpatialPreviews() {}

    static SpatialPreviewFactory factory() {
        return SpatialPreviewFactory.placeholder();
    }
}
