package org.kfm.breakglass.ui.endpoint;

import static org.kfm.breakglass.ui.FormParts.styled;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.port.ConnectedClient;

/** The "Connect a client…" window: socket path, the strings to copy, the live list of clients, and Drop. */
public final class ClientEndpointWindow {
    private static final DateTimeFormatter SINCE =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private ClientEndpointWindow() {}

    /** Shows the window over {@code owner}; the list refreshes every second until it is closed. */
    public static Stage show(Window owner, ClientEndpointViewModel vm) {
        var grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        var labels = new ColumnConstraints();
        labels.setMinWidth(70);
        var values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, values);
        row(grid, 0, "Socket", "endpoint-socket", vm.socketPathProperty());
        row(grid, 1, "psql", "endpoint-psql", vm.psqlProperty());
        row(grid, 2, "libpq", "endpoint-libpq", vm.libpqProperty());
        row(grid, 3, "QGIS / GDAL", "endpoint-gdal", vm.gdalProperty());

        var table = new TableView<>(vm.clients());
        table.setId("endpoint-clients");
        table.setPlaceholder(styled("No clients connected.", "field-hint"));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Client", c -> c.clientId()));
        table.getColumns().add(column("application_name", ClientEndpointViewModel::shownName));
        table.getColumns().add(column("Since", c -> SINCE.format(c.since())));
        table.getColumns().add(column("Statements", c -> Long.toString(c.statements())));
        table.getColumns().add(column("Peer", ConnectedClient::peer));
        table.setPrefHeight(200);

        var drop = new Button("Drop client");
        drop.setId("drop-client");
        drop.getStyleClass().addAll("danger", "button-outlined");
        drop.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        drop.setOnAction(e -> vm.drop(table.getSelectionModel().getSelectedItem()));
        var status = styled("", "field-hint");
        status.setId("endpoint-status");
        status.setWrapText(true);
        status.textProperty().bind(vm.statusProperty());
        var foot = new HBox(10, status, FormParts.hspacer(), drop);
        foot.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        var root = new VBox(
                12,
                styled("CONNECT A CLIENT", "section-title"),
                styled(
                        "Point psql, QGIS or ogr2ogr at this socket. The session logs them in; no password is needed"
                                + " or shown.",
                        "field-hint"),
                grid,
                styled("CONNECTED CLIENTS", "section-title"),
                table,
                foot);
        root.setId("endpoint-view");
        root.setPadding(new Insets(18));
        root.getStyleClass().add("page");

        var stage = new Stage();
        stage.initOwner(owner);
        stage.setTitle("Connect a client");
        var scene = new Scene(root, 920, 540);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().setAll(owner.getScene().getStylesheets());
            scene.getRoot().getStylesheets().setAll(owner.getScene().getRoot().getStylesheets());
        }
        stage.setScene(scene);
        var tick = new Timeline(new KeyFrame(Duration.seconds(1), e -> vm.refresh()));
        tick.setCycleCount(Timeline.INDEFINITE);
        stage.setOnShown(e -> tick.play());
        stage.setOnHidden(e -> tick.stop());
        stage.show();
        vm.open();
        return stage;
    }

    private static void row(GridPane grid, int row, String label, String id, ReadOnlyStringProperty value) {
        var field = new TextField();
        field.setId(id);
        field.setEditable(false);
        field.textProperty().bind(value);
        var copy = new Button("Copy");
        copy.setId(id + "-copy");
        copy.getStyleClass().add("small");
        copy.disableProperty().bind(value.isEmpty());
        copy.setOnAction(e -> {
            var content = new ClipboardContent();
            content.putString(value.get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        grid.add(styled(label, "field-label"), 0, row);
        grid.add(field, 1, row);
        grid.add(copy, 2, row);
    }

    private static TableColumn<ConnectedClient, String> column(
            String title, java.util.function.Function<ConnectedClient, String> text) {
        var c = new TableColumn<ConnectedClient, String>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(text.apply(cell.getValue())));
        return c;
    }
}
