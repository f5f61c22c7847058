package org.kfm.breakglass.ui;

import javafx.application.Platform;

/** The JavaFX application thread: run now when already on it, otherwise queue. */
public final class FxUiThread implements UiThread {
    @Override
    public void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
