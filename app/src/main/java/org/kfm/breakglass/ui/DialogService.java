package org.kfm.breakglass.ui;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.ui.port.JustificationInput;

/** How view models reach dialogs, so their tests need no window (STYLE principle 5). */
public interface DialogService {

    /** The justification dialog; empty when the operator cancelled (then no session starts). */
    Optional<JustificationInput> askJustification(JustificationRules rules, boolean writeAllowed, String target);

    /** Second justification + typed database name for read-write elevation. */
    Optional<Elevation> askElevation(JustificationRules rules, String database);

    /** A save-file chooser; {@code extension} without the dot. */
    Optional<Path> askSaveFile(String title, String extension, String suggestedName);

    void showChecks(String title, List<CheckResult> lines);

    void showError(String title, String message);

    boolean confirm(String title, String message);
}
