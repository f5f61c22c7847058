package org.kfm.breakglass.ui.start;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.DialogService;
import org.kfm.breakglass.ui.Problems;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.port.DemoClusterStarter;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.state.RecentTargets;

/** The start screen: where to connect, then the (unskippable) justification, then {@code port.start}. */
public final class StartViewModel {
    public static final String DEFAULT_TARGET = "svc/postgis:5432";
    private static final Pattern TARGET =
            Pattern.compile("^(svc|pod)/[a-z0-9]([-a-z0-9.]*[a-z0-9])?:([0-9]{1,5}|[a-z][-a-z0-9]*)$"
                    // An operator cluster by name, optionally its role; the engine checks the role's word.
                    + "|^(cnpg|zalando|crunchy)/[a-z0-9]([-a-z0-9]*[a-z0-9])?(:[a-z]+)?$");
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");

    /** A started session, handed to whoever shows the preflight. */
    public record Started(
            TargetChoice target,
            JustificationInput justification,
            SessionHandle handle,
            JustificationRules rules,
            boolean writeElevationAllowed) {}

    private final ConsolePort port;
    private final RecentTargets recentStore;
    private final BackgroundWork work;
    private final DialogService dialogs;
    private final DemoClusterStarter demoStarter;
    private final Clock clock;
    private Consumer<Started> onStarted = s -> {};

    private final ObservableList<ContextChoice> contexts = FXCollections.observableArrayList();
    private final ObservableList<RecentTargets.Entry> recent = FXCollections.observableArrayList();
    private final ObjectProperty<ContextChoice> context = new SimpleObjectProperty<>(this, "context");
    private final StringProperty namespace = new SimpleStringProperty(this, "namespace", "");
    private final StringProperty target = new SimpleStringProperty(this, "target", DEFAULT_TARGET);
    private final StringProperty database = new SimpleStringProperty(this, "database", "");
    private final ReadOnlyStringWrapper kubeconfigProblem = new ReadOnlyStringWrapper(this, "kubeconfigProblem", "");
    private final ReadOnlyBooleanWrapper demoOffered = new ReadOnlyBooleanWrapper(this, "demoOffered");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper busyText = new ReadOnlyStringWrapper(this, "busyText", "");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyStringWrapper namespaceMessage = new ReadOnlyStringWrapper(this, "namespaceMessage", "");
    private final ReadOnlyStringWrapper targetMessage = new ReadOnlyStringWrapper(this, "targetMessage", "");
    private final ReadOnlyBooleanWrapper canContinue = new ReadOnlyBooleanWrapper(this, "canContinue");
    private final TargetList targetList;
    private JustificationRules rules = JustificationRules.defaults();
    private boolean writeElevationAllowed;

    public StartViewModel(
            ConsolePort port,
            RecentTargets recentStore,
            BackgroundWork work,
            DialogService dialogs,
            DemoClusterStarter demoStarter,
            Clock clock) {
        this.port = port;
        this.recentStore = recentStore;
        this.work = work;
        this.dialogs = dialogs;
        this.demoStarter = demoStarter;
        this.clock = clock;
        this.targetList = new TargetList(port, work);
        context.addListener((o, old, now) -> {
            String ns = namespace.get();
            if (now != null && (ns == null || ns.isBlank() || (old != null && ns.equals(old.defaultNamespace())))) {
                namespace.set(now.defaultNamespace() == null ? "default" : now.defaultNamespace());
            }
        });
        for (var p : List.of(namespace, target, database)) {
            p.addListener((o, a, b) -> validate());
        }
        context.addListener((o, a, b) -> validate());
        context.addListener((o, a, b) -> listTargets());
        busy.addListener((o, a, b) -> validate());
        validate();
    }

    public void onStarted(Consumer<Started> handler) {
        this.onStarted = handler;
    }

    /** Reads contexts, kubeconfig problem and rules (off the UI thread). */
    public void load() {
        setBusy("Reading kubeconfig…");
        record Loaded(
                List<ContextChoice> contexts,
                Optional<String> problem,
                JustificationRules rules,
                boolean writeElevationAllowed,
                List<RecentTargets.Entry> recent) {}
        work.submit(
                "load-contexts",
                () -> new Loaded(
                        port.contexts(),
                        port.kubeconfigProblem(),
                        port.rules(),
                        port.writeElevationAllowed(),
                        recentStore.list()),
                loaded -> {
                    setBusy(null);
                    rules = loaded.rules();
                    writeElevationAllowed = loaded.writeElevationAllowed();
                    var sorted = new ArrayList<>(loaded.contexts());
                    sorted.sort(Comparator.comparing((ContextChoice c) -> !c.current()));
                    contexts.setAll(sorted);
                    recent.setAll(loaded.recent());
                    kubeconfigProblem.set(loaded.problem().orElse(""));
                    demoOffered.set(loaded.problem().isPresent() && demoStarter != null);
                    var before = context.get();
                    if (!sorted.isEmpty() && (before == null || !sorted.contains(before))) {
                        context.set(sorted.getFirst());
                    }
                    if (context.get() == before) {
                        listTargets(); // a new context lists its targets through its listener
                    }
                },
                failure -> {
                    setBusy(null);
                    kubeconfigProblem.set(Problems.describe(failure));
                    demoOffered.set(demoStarter != null);
                });
    }

    /** Lists the PostgreSQL targets of the chosen context and namespace (off the UI thread). */
    public void listTargets() {
        var c = context.get();
        String ns = strip(namespace.get());
        if (c == null || ns.isEmpty() || !DNS_LABEL.matcher(ns).matches()) {
            targetList.clear("Choose a context and a namespace to list its PostgreSQL targets.");
            return;
        }
        targetList.list(c.name(), ns);
    }

    /**
     * Takes a listed target for the session; the database is left to the target's Secret (its {@code dbname}) unless
     * the operator types one.
     */
    public void pick(ListedTarget listed) {
        if (listed == null) {
            return;
        }
        target.set(listed.target());
        database.set("");
        status.set("");
    }

    /** The targets found in the chosen namespace, and what the last listing said. */
    public TargetList targets() {
        return targetList;
    }

    /** Fills the form from a remembered target (the context must still exist). */
    public void applyRecent(RecentTargets.Entry entry) {
        contexts.stream()
                .filter(c -> c.name().equals(entry.context()))
                .findFirst()
                .ifPresentOrElse(
                        c -> {
                            context.set(c);
                            namespace.set(entry.namespace());
                            target.set(entry.target());
                            database.set(entry.database());
                            status.set("");
                        },
                        () -> status.set("Context \"" + entry.context() + "\" is no longer in the kubeconfig."));
    }

    /** Starts the demo cluster, then reloads the contexts. */
    public void startDemoCluster() {
        if (demoStarter == null || busy.get()) {
            return;
        }
        setBusy("Starting the demo cluster…");
        work.submit(
                "demo-cluster",
                () -> {
                    demoStarter.start();
                    return true;
                },
                ok -> {
                    setBusy(null);
                    load();
                },
                failure -> {
                    setBusy(null);
                    status.set("The demo cluster did not start: " + Problems.describe(failure));
                });
    }

    /** Asks for the justification; only with one does the session start. */
    public void begin() {
        if (!canContinue.get()) {
            return;
        }
        var choice = choice();
        Optional<JustificationInput> justification = dialogs.askJustification(
                rules,
                writeElevationAllowed,
                choice.target() + " / " + (choice.database().isEmpty() ? "the Secret's database" : choice.database()));
        if (justification.isEmpty()) {
            status.set("No session without a justification.");
            return;
        }
        setBusy("Recording the justification…");
        work.submit(
                "session-start",
                () -> port.start(choice, justification.get()),
                handle -> {
                    setBusy(null);
                    status.set("");
                    recentStore.remember(choice, clock.instant());
                    recent.setAll(recentStore.list());
                    onStarted.accept(new Started(choice, justification.get(), handle, rules, writeElevationAllowed));
                },
                failure -> {
                    setBusy(null);
                    status.set("The session was not started: " + Problems.describe(failure));
                });
    }

    public TargetChoice choice() {
        var c = context.get();
        return new TargetChoice(
                c == null ? "" : c.name(), strip(namespace.get()), strip(target.get()), strip(database.get()));
    }

    private static String strip(String s) {
        return s == null ? "" : s.strip();
    }

    private void setBusy(String text) {
        busyText.set(text == null ? "" : text);
        busy.set(text != null);
    }

    private void validate() {
        String ns = strip(namespace.get());
        namespaceMessage.set(
                ns.isEmpty()
                        ? ""
                        : DNS_LABEL.matcher(ns).matches()
                                ? ""
                                : "Not a valid namespace name (lower-case letters, digits, '-').");
        String t = strip(target.get());
        targetMessage.set(
                TARGET.matcher(t).matches()
                        ? ""
                        : "Use svc/NAME:PORT, pod/NAME:PORT or an operator cluster (cnpg/NAME, zalando/NAME,"
                                + " crunchy/NAME), e.g. " + DEFAULT_TARGET + ", or pick one from the list.");
        // The database may be left empty: the session then opens the one the target's Secret names (and says so
        // when it names none), as `-d` left out does on the command line.
        canContinue.set(!busy.get()
                && context.get() != null
                && !ns.isEmpty()
                && namespaceMessage.get().isEmpty()
                && targetMessage.get().isEmpty());
    }

    private final ObservableList<ContextChoice> contextsView = FXCollections.unmodifiableObservableList(contexts);

    public ObservableList<ContextChoice> contexts() {
        return contextsView;
    }

    private final ObservableList<RecentTargets.Entry> recentView = FXCollections.unmodifiableObservableList(recent);

    public ObservableList<RecentTargets.Entry> recent() {
        return recentView;
    }

    public ObjectProperty<ContextChoice> contextProperty() {
        return context;
    }

    public StringProperty namespaceProperty() {
        return namespace;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public StringProperty databaseProperty() {
        return database;
    }

    public ReadOnlyStringProperty kubeconfigProblemProperty() {
        return kubeconfigProblem.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty demoOfferedProperty() {
        return demoOffered.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty busyTextProperty() {
        return busyText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty namespaceMessageProperty() {
        return namespaceMessage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty targetMessageProperty() {
        return targetMessage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canContinueProperty() {
        return canContinue.getReadOnlyProperty();
    }

    /** The selected context's TLS warning, for the hint under the context box. */
    public javafx.beans.binding.StringBinding contextHint() {
        return Bindings.createStringBinding(
                () -> {
                    var c = context.get();
                    if (c == null) {
                        return "";
                    }
                    return c.server() + (c.insecureTls() ? "  —  TLS verification is OFF for this cluster" : "");
                },
                context);
    }
}
