package org.kfm.breakglass.ui.results;

import javafx.scene.Node;

/**
 * Builds the spatial preview shown beside a result table ({@code ui.spatial} provides the real one). The node reads
 * {@link ResultViewModel#columns()} / {@link ResultViewModel#rows()} (geometry values are hex EWKB strings), highlights
 * {@link RowSelection#selected()} and calls {@link RowSelection#select} when the operator clicks a feature.
 * Called on the FX thread once a result has a spatial column.
 */
@FunctionalInterface
public interface SpatialPreviewFactory {
    Node create(ResultViewModel result);

    /** Until {@code ui.spatial} is wired: a quiet placeholder that counts geometry rows. */
    static SpatialPreviewFactory placeholder() {
        return result -> {
            var label = new javafx.scene.control.Label();
            label.textProperty()
                    .bind(javafx.beans.binding.Bindings.createStringBinding(
                            () -> "Spatial preview\n" + result.rows().size() + " rows with geometry", result.rows()));
            label.setWrapText(true);
            var pane = new javafx.scene.layout.StackPane(label);
            pane.getStyleClass().add("spatial-placeholder");
            pane.setId("spatial-slot");
            return pane;
        };
    }
}
