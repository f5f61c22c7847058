package org.kfm.breakglass.ui.session;

import static org.kfm.breakglass.ui.FormParts.styled;

import javafx.animation.Animation;
import javafx.animation.FadeTransition;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kfm.breakglass.ui.FormParts;
import org.kfm.breakglass.ui.port.Mode;

/** The always-visible banner: mode, where, ticket, time left, tunnel state; session commands on the right. */
public final class BannerView extends HBox {
    private static final double FACT_MIN_WIDTH = 48;

    public BannerView(BannerViewModel vm, Node... actions) {
        getStyleClass().add("banner");
        setId("banner");

        var mode = styled("", "badge", "mode-badge");
        mode.setId("banner-mode");
        // The mode is the one thing the operator must always read whole: READ-ONLY never becomes "READ-O…".
        mode.setMinWidth(Region.USE_PREF_SIZE);
        mode.textProperty().bind(vm.modeTextProperty());
        FormParts.tone(mode, vm.modeToneProperty().get());
        vm.modeToneProperty().addListener((o, a, t) -> FormParts.tone(mode, t));
        vm.modeProperty().addListener((o, a, m) -> modeClass(m));
        modeClass(vm.modeProperty().get());

        var time = styled("", "time-left");
        time.setId("banner-time");
        time.textProperty().bind(vm.timeLeftProperty());
        vm.timeToneProperty().addListener((o, a, t) -> FormParts.tone(time, t));
        FormParts.tone(time, vm.timeToneProperty().get());

        var tunnel = styled("", "badge");
        tunnel.setId("banner-tunnel");
        tunnel.textProperty().bind(vm.tunnelTextProperty());
        FormParts.tone(tunnel, vm.tunnelToneProperty().get());
        vm.tunnelToneProperty().addListener((o, a, t) -> FormParts.tone(tunnel, t));
        var tip = new javafx.scene.control.Tooltip();
        tip.textProperty().bind(vm.tunnelDetailProperty());
        tunnel.setTooltip(tip);
        var pulse = new FadeTransition(Duration.millis(700), tunnel);
        pulse.setFromValue(1.0);
        pulse.setToValue(0.45);
        pulse.setAutoReverse(true);
        pulse.setCycleCount(Animation.INDEFINITE);
        vm.pulsingProperty().addListener((o, a, on) -> {
            if (on) pulse.play();
            else {
                pulse.stop();
                tunnel.setOpacity(1.0);
            }
        });

        getChildren()
                .addAll(
                        mode,
                        fact("CONTEXT", vm.contextProperty()),
                        fact("NAMESPACE", vm.namespaceProperty()),
                        fact("POD", vm.podProperty()),
                        fact("DATABASE", vm.databaseProperty()),
                        fact("TICKET", vm.ticketProperty()),
                        labelled("TIME LEFT", time),
                        labelled("TUNNEL", tunnel),
                        FormParts.hspacer());
        for (var action : actions) {
            // Commands keep their labels; when the window is narrow the where-facts give way (with a tooltip).
            if (action instanceof Region region) {
                region.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        getChildren().addAll(actions);
        setAlignment(Pos.CENTER_LEFT);
    }

    private void modeClass(Mode mode) {
        getStyleClass().removeAll("read-only", "read-write");
        getStyleClass().add(mode == Mode.READ_WRITE ? "read-write" : "read-only");
    }

    /** Context, namespace, pod, database, ticket: may shorten to "kfm-cn…" in a narrow window, whole in a tooltip. */
    private static Node fact(String key, ObservableValue<String> value) {
        var v = styled("", "banner-value");
        v.textProperty().bind(value);
        v.setId("banner-" + key.toLowerCase(java.util.Locale.ROOT));
        var tip = new Tooltip();
        tip.textProperty().bind(value);
        v.setTooltip(tip);
        var box = new VBox(0, styled(key, "banner-key"), v);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(FACT_MIN_WIDTH);
        return box;
    }

    /** Time left and the tunnel's state: never shortened. */
    private static Node labelled(String key, Label value) {
        var box = new VBox(0, styled(key, "banner-key"), value);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }
}
