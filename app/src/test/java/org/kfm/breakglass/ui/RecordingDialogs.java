package org.kfm.breakglass.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;

/** A {@link DialogService} that answers from fields and records what was shown. */
public final class RecordingDialogs implements DialogService {
    public Optional<JustificationInput> justification = Optional.of(new JustificationInput(
            "Parcel geometry corrupted after import, INC-4711 needs inspection",
            "INC-4711",
            Duration.ofMinutes(30),
            Mode.READ_ONLY));
    public Optional<Elevation> elevation = Optional.empty();
    public Optional<Path> saveFile = Optional.empty();
    public boolean confirmAnswer = true;
    public final List<String> shown = new ArrayList<>();
    public final List<List<CheckResult>> checksShown = new ArrayList<>();

    @Override
    public Optional<JustificationInput> askJustification(
            JustificationRules rules, boolean writeAllowed, String target) {
        shown.add("justification " + target);
        return justification;
    }

    @Override
    public Optional<Elevation> askElevation(JustificationRules rules, String database) {
        shown.add("elevation " + database);
        return elevation;
    }

    @Override
    public Optional<Path> askSaveFile(String title, String extension, String suggestedName) {
        shown.add("save " + extension);
        return saveFile;
    }

    @Override
    public void showChecks(String title, List<CheckResult> lines) {
        shown.add("checks " + title);
        checksShown.add(lines);
    }

    @Override
    public void showError(String title, String message) {
        shown.add("error " + title + ": " + message);
    }

    @Override
    public boolean confirm(String title, String message) {
        shown.add("confirm " + title);
        return confirmAnswer;
    }
}
