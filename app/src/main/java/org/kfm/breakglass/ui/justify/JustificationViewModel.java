package org.kfm.breakglass.ui.justify;

import java.time.Duration;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.text.HiddenCharacters;
import org.kfm.breakglass.text.TerminalText;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;

/**
 * The justification form: reason, ticket, duration, mode, each with an inline message from the policy rules.
 * For elevation it also asks for the database name, typed out. Hidden characters and the visible length are
 * judged by the engine's own predicate ({@link HiddenCharacters}), so the form never accepts what the session
 * refuses.
 */
public final class JustificationViewModel {
    private final JustificationRules rules;
    private final boolean writeAllowed;
    private final String confirmDatabase;

    private final StringProperty reason = new SimpleStringProperty(this, "reason", "");
    private final StringProperty ticket = new SimpleStringProperty(this, "ticket", "");
    private final ObjectProperty<Duration> duration = new SimpleObjectProperty<>(this, "duration");
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.READ_ONLY);
    private final StringProperty typedDatabase = new SimpleStringProperty(this, "typedDatabase", "");

    private final ReadOnlyStringWrapper reasonMessage = new ReadOnlyStringWrapper(this, "reasonMessage", "");
    private final ReadOnlyStringWrapper ticketMessage = new ReadOnlyStringWrapper(this, "ticketMessage", "");
    private final ReadOnlyStringWrapper durationMessage = new ReadOnlyStringWrapper(this, "durationMessage", "");
    private final ReadOnlyStringWrapper modeMessage = new ReadOnlyStringWrapper(this, "modeMessage", "");
    private final ReadOnlyStringWrapper databaseMessage = new ReadOnlyStringWrapper(this, "databaseMessage", "");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", false);

    /**
     * A session-start justification.
     *
     * @param writeAllowed whether the policy allows read-write at all (else choosing it is an error in the form)
     */
    public JustificationViewModel(JustificationRules rules, boolean writeAllowed) {
        this(rules, writeAllowed, null);
    }

    /**
     * An elevation justification: mode fixed to read-write, database name must be typed. Offered only when the
     * policy allows the elevation.
     */
    public static JustificationViewModel forElevation(JustificationRules rules, String database) {
        var vm = new JustificationViewModel(rules, true, database);
        vm.mode.set(Mode.READ_WRITE);
        return vm;
    }

    private JustificationViewModel(JustificationRules rules, boolean writeAllowed, String confirmDatabase) {
        this.rules = rules;
        this.writeAllowed = writeAllowed;
        this.confirmDatabase = confirmDatabase;
        duration.set(rules.defaultDuration());
        reason.addListener((o, a, b) -> validate());
        ticket.addListener((o, a, b) -> validate());
        duration.addListener((o, a, b) -> validate());
        mode.addListener((o, a, b) -> validate());
        typedDatabase.addListener((o, a, b) -> validate());
        validate();
    }

    private void validate() {
        String r = reason.get() == null ? "" : reason.get().strip();
        int visible = HiddenCharacters.visibleLength(r);
        int missing = rules.minReasonLength() - visible;
        reasonMessage.set(HiddenCharacters.problem("reason", r)
                .map(JustificationViewModel::sentence)
                .orElse(
                        missing <= 0
                                ? ""
                                : visible == 0
                                        ? "Say why you need access (at least " + rules.minReasonLength()
                                                + " characters)."
                                        : "Reason is too short: " + missing + " more character"
                                                + (missing == 1 ? "" : "s") + " needed (minimum "
                                                + rules.minReasonLength() + ")."));

        String t = ticket.get() == null ? "" : ticket.get().strip();
        ticketMessage.set(HiddenCharacters.problem("ticket", t)
                .map(JustificationViewModel::sentence)
                .orElse(
                        t.isEmpty()
                                ? "A ticket is required, e.g. " + exampleTicket() + "."
                                : rules.ticketPattern().matcher(t).matches()
                                        ? ""
                                        : "\"" + TerminalText.escape(t)
                                                + "\" is not a ticket id the policy accepts (pattern "
                                                + rules.ticketPattern().pattern() + ")."));

        Duration d = duration.get();
        durationMessage.set(
                d == null || d.isZero() || d.isNegative()
                        ? "Choose how long you need the session."
                        : d.compareTo(rules.maxDuration()) > 0
                                ? "At most " + rules.maxDuration().toMinutes() + " minutes are allowed by policy."
                                : "");

        modeMessage.set(
                mode.get() == Mode.READ_WRITE && !writeAllowed ? "The policy does not allow read-write sessions." : "");

        databaseMessage.set(
                confirmDatabase == null || confirmDatabase.equals(typedDatabase.get())
                        ? ""
                        : "Type the database name \"" + confirmDatabase + "\" to confirm read-write access.");

        valid.set(reasonMessage.get().isEmpty()
                && ticketMessage.get().isEmpty()
                && durationMessage.get().isEmpty()
                && modeMessage.get().isEmpty()
                && databaseMessage.get().isEmpty());
    }

    private static String sentence(String problem) {
        return Character.toUpperCase(problem.charAt(0)) + problem.substring(1) + ".";
    }

    private String exampleTicket() {
        return rules.ticketPattern().pattern().contains("INC") ? "INC-1234" : "the incident id";
    }

    /** The typed result, only when every field is valid. */
    public Optional<JustificationInput> result() {
        if (!valid.get()) {
            return Optional.empty();
        }
        return Optional.of(
                new JustificationInput(reason.get().strip(), ticket.get().strip(), duration.get(), mode.get()));
    }

    public JustificationRules rules() {
        return rules;
    }

    /** Whether the policy allows read-write (the dialog disables the choice otherwise). */
    public boolean writeAllowed() {
        return writeAllowed;
    }

    public boolean confirmsDatabase() {
        return confirmDatabase != null;
    }

    public String databaseToConfirm() {
        return confirmDatabase;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public StringProperty ticketProperty() {
        return ticket;
    }

    public ObjectProperty<Duration> durationProperty() {
        return duration;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public StringProperty typedDatabaseProperty() {
        return typedDatabase;
    }

    public ReadOnlyStringProperty reasonMessageProperty() {
        return reasonMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty ticketMessageProperty() {
        return ticketMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty durationMessageProperty() {
        return durationMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeMessageProperty() {
        return modeMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty databaseMessageProperty() {
        return databaseMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** Characters typed so far against the minimum, e.g. "12 / 20". */
    public javafx.beans.binding.StringBinding reasonCounter() {
        return Bindings.createStringBinding(
                () -> HiddenCharacters.visibleLength(reason.get()) + " / " + rules.minReasonLength(), reason);
    }
}
