package org.kfm.breakglass.ui.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;

/** Light/dark AtlantaFX theme for the whole application; one switch state shared by every screen's toggle. */
public final class ThemeSwitch {
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");

    public ThemeSwitch(boolean startDark) {
        dark.addListener((o, a, d) -> apply(d));
        dark.set(startDark);
        apply(startDark);
    }

    private static void apply(boolean dark) {
        Application.setUserAgentStylesheet(
                dark ? new PrimerDark().getUserAgentStylesheet() : new PrimerLight().getUserAgentStylesheet());
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** A fresh toggle for one screen, bound to the shared state. */
    public Button toggle() {
        var t = new Button();
        t.setId("theme-toggle");
        t.setOnAction(e -> dark.set(!dark.get()));
        t.textProperty()
                .bind(javafx.beans.binding.Bindings.when(dark).then("☀ Light").otherwise("☾ Dark"));
        t.setTooltip(new Tooltip("Switch light/dark theme"));
        t.setFocusTraversable(false);
        return t;
    }
}
