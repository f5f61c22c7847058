package org.kfm.breakglass.ui.schema;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kfm.breakglass.session.SchemaSnapshot;
import org.kfm.breakglass.ui.FormParts;

/** The schema browser: schemas → tables/views → geometry columns and GiST indexes. Double-click inserts a name. */
public final class SchemaView extends VBox {

    public SchemaView(SchemaViewModel vm, Consumer<String> insert) {
        super(6);
        setId("schema-view");
        setPadding(new javafx.geometry.Insets(8));
        var version = styled("", "schema-meta");
        var refresh = new Button("Refresh");
        refresh.getStyleClass().add("small");
        refresh.disableProperty().bind(vm.loadingProperty());
        refresh.setOnAction(e -> vm.refresh());
        var busy = new ProgressIndicator();
        busy.setPrefSize(14, 14);
        busy.visibleProperty().bind(vm.loadingProperty());
        var bar = new HBox(6, version, FormParts.hspacer(), busy, refresh);
        bar.setAlignment(Pos.CENTER_LEFT);
        var problem = FormParts.message(vm.problemProperty());

        var tree = new TreeView<String>();
        tree.setId("schema-tree");
        tree.setShowRoot(false);
        VBox.setVgrow(tree, Priority.ALWAYS);
        tree.setOnMouseClicked(e -> {
            var item = tree.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2
                    && item != null
                    && item.getGraphic() != null
                    && item.getGraphic().getUserData() instanceof String name) {
                insert.accept(name);
            }
        });
        vm.snapshotProperty().addListener((o, a, s) -> {
            version.setText(s == null ? "" : "PostGIS " + s.postgisVersion());
            tree.setRoot(s == null ? null : build(s));
        });
        getChildren().addAll(bar, problem, tree);
    }

    private static TreeItem<String> build(SchemaSnapshot snapshot) {
        var root = new TreeItem<String>("catalogue");
        for (var schema : snapshot.schemas()) {
            var s = new TreeItem<>(schema.name() + "  (" + schema.relations().size() + ")");
            s.setExpanded(!schema.name().startsWith("pg_") && !schema.name().equals("information_schema"));
            for (var rel : schema.relations()) {
                var kind = switch (rel.kind()) {
                    case TABLE -> "table";
                    case VIEW -> "view";
                    case MATERIALIZED_VIEW -> "mat. view";
                };
                var r = new TreeItem<>(rel.name() + "   " + kind);
                var marker =
                        new javafx.scene.control.Label(rel.geometryColumns().isEmpty() ? "▦" : "◈");
                marker.setUserData(schema.name() + "." + rel.name());
                r.setGraphic(marker);
                for (var g : rel.geometryColumns()) {
                    r.getChildren().add(new TreeItem<>(g.name() + " : geometry(" + g.type() + ", " + g.srid() + ")"));
                }
                for (var idx : rel.gistIndexes()) {
                    r.getChildren().add(new TreeItem<>("GiST index " + idx));
                }
                s.getChildren().add(r);
            }
            root.getChildren().add(s);
        }
        return root;
    }
}
