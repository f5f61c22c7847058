package org.kfm.breakglass.ui.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The window's icons, as icons/generate.sh made them from the one SVG (docs/decisions/0004): the script lists
 * their names in {@code window-icons.list}, so the sizes are named there only. A dev build without the generated
 * icons still runs, without icons.
 */
final class WindowIcons {
    private static final String DIR = "/org/kfm/breakglass/ui/icons/";

    private WindowIcons() {}

    /** The icons' class-path addresses, smallest first; empty when the build made none. */
    static List<URL> onClassPath() {
        var list = WindowIcons.class.getResource(DIR + "window-icons.list");
        if (list == null) {
            return List.of();
        }
        var icons = new ArrayList<URL>();
        try (var in = new BufferedReader(new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
            for (String name = in.readLine(); name != null; name = in.readLine()) {
                var icon = name.isBlank() ? null : WindowIcons.class.getResource(DIR + name.strip());
                if (icon != null) {
                    icons.add(icon);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the window icon list " + list, e);
        }
        return List.copyOf(icons);
    }
}
