package org.kfm.breakglass.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.check.Verdict;
import org.kfm.breakglass.session.JournalLine;
import org.kfm.breakglass.session.JustificationRules;
import org.kfm.breakglass.session.ListedTarget;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.session.SchemaSnapshot;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.session.TargetListing;
import org.kfm.breakglass.ui.port.BannerInfo;
import org.kfm.breakglass.ui.port.ConsolePort;
import org.kfm.breakglass.ui.port.ContextChoice;
import org.kfm.breakglass.ui.port.ExportWriter;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.QueryRun;
import org.kfm.breakglass.ui.port.ResultListener;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.port.SessionListener;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.port.TunnelState;

/**
 * Test double of the engine for view-model, TestFX and screenshot runs. Never used by production code.
 * {@code async} makes queries stream from their own thread, like the real adapter; otherwise they answer on the
 * caller's thread. Statement behaviour: {@code pg_sleep} runs until cancelled, {@code nosuchcolumn} fails with 42703
 * at its position, writes fail with 42501 in read-only mode, anything else returns {@link #ROWS} parcel rows.
 */
public final class InMemoryConsolePort implements ConsolePort {
    public static final int ROWS = 150;

    public final List<ContextChoice> contexts = new ArrayList<>(List.of(
            new ContextChoice("stage-eu-west", "https://stage.k8s.kfm.example:6443", "gis-stage", false, false),
            new ContextChoice("prod-eu-west", "https://prod.k8s.kfm.example:6443", "gis-prod", true, false),
            new ContextChoice("kind-breakglass", "https://127.0.0.1:43211", "default", false, true)));
    public Optional<String> problem = Optional.empty();
    public JustificationRules rules = JustificationRules.defaults();
    public boolean writeElevationAllowed = true;
    public List<CheckResult> checks = new ArrayList<>(
            List.of(
                    new CheckResult(
                            "Kubeconfig context",
                            Verdict.PASS,
                            "prod-eu-west → https://prod.k8s.kfm.example:6443, token auth"),
                    new CheckResult("API server reachable", Verdict.PASS, "v1.30.4 answered in 41 ms"),
                    new CheckResult("RBAC: pods/portforward", Verdict.PASS, "allowed in namespace gis-prod"),
                    new CheckResult(
                            "Target resolves to a Ready pod",
                            Verdict.PASS,
                            "svc/postgis → postgis-0 (Ready, port 5432)"),
                    new CheckResult(
                            "Secret postgis-auth readable",
                            Verdict.PASS,
                            "keys POSTGRES_USER, POSTGRES_PASSWORD present"),
                    new CheckResult(
                            "Audit sinks",
                            Verdict.WARN,
                            "syslog sink not configured: only the local journal will hold this session. Acknowledge or configure a remote sink.")));
    public final List<String> exports = new CopyOnWriteArrayList<>();
    /** What {@link #targets} lists; a {@code problem} makes it fail with that message instead. */
    public List<ListedTarget> targets = new ArrayList<>(List.of(
            new ListedTarget(
                    "Service",
                    "svc/postgis:5432",
                    Optional.of("postgis-0"),
                    List.of(),
                    Optional.of("postgis-auth"),
                    Optional.empty()),
            new ListedTarget(
                    "CloudNativePG",
                    "cnpg/gis:rw",
                    Optional.of("gis-1"),
                    List.of("gis-2"),
                    Optional.of("gis-app"),
                    Optional.empty())));

    public volatile String targetsProblem;
    public final List<org.kfm.breakglass.session.ViewedExtent> mapViews = new CopyOnWriteArrayList<>();
    public volatile boolean async;
    public volatile Session lastSession;

    @Override
    public List<ContextChoice> contexts() {
        return List.copyOf(contexts);
    }

    @Override
    public Optional<String> kubeconfigProblem() {
        return problem;
    }

    @Override
    public TargetListing targets(String context, String namespace) throws PortException {
        if (targetsProblem != null) {
            throw new PortException(targetsProblem);
        }
        return new TargetListing(context, namespace, targets, List.of());
    }

    @Override
    public JustificationRules rules() {
        return rules;
    }

    @Override
    public boolean writeElevationAllowed() {
        return writeElevationAllowed;
    }

    @Override
    public SessionHandle start(TargetChoice target, JustificationInput justification) throws PortException {
        if (justification.reason().length() < rules.minReasonLength()) {
            throw new PortException("reason too short");
        }
        lastSession = new Session(target, justification);
        return lastSession;
    }

    @Override
    public ExportWriter exportWriter() {
        return (format, columns, rows, file) -> {
            try {
                Files.writeString(file, format + " " + columns.size() + " columns, " + rows.size() + " rows\n");
            } catch (IOException e) {
                throw e;
            }
        };
    }

    /** Hex EWKB of a point in SRID 4326. */
    static String ewkbPoint(double x, double y) {
        var buf = java.nio.ByteBuffer.allocate(25).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 1).putInt(0x20000001).putInt(4326).putDouble(x).putDouble(y);
        return HexFormat.of().withUpperCase().formatHex(buf.array());
    }

    /** One in-memory session. Test hooks: {@link #tunnel}, {@link #tick}, {@link #end}. */
    public final class Session implements SessionHandle {
        public final TargetChoice target;
        public final JustificationInput justification;
        public final List<CheckResult> acknowledged = new CopyOnWriteArrayList<>();
        public final List<String> statements = new CopyOnWriteArrayList<>();
        private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
        private final List<JournalLine> audit = new CopyOnWriteArrayList<>();
        private volatile Mode mode;
        private volatile boolean preflighted;
        private volatile boolean open;
        private volatile boolean ended;

        Session(TargetChoice target, JustificationInput justification) {
            this.target = target;
            this.justification = justification;
            this.mode = justification.mode();
            audit(
                    "session.start",
                    "ticket " + justification.ticket() + ", "
                            + justification.mode().label() + ", "
                            + justification.duration().toMinutes() + " min: " + justification.reason());
        }

        private void audit(String type, String summary) {
            var line = new JournalLine(audit.size() + 1, Instant.now(), type, summary);
            audit.add(line);
            listeners.forEach(l -> l.audit(line));
        }

        @Override
        public void preflight(Consumer<CheckResult> onEachCheck) {
            checks.forEach(onEachCheck);
            preflighted = true;
            audit("session.preflight", checks.size() + " checks");
        }

        @Override
        public void acknowledgeWarnings(List<CheckResult> warnings) {
            acknowledged.addAll(warnings);
        }

        @Override
        public void open() throws PortException {
            if (!preflighted || checks.stream().anyMatch(c -> c.verdict() == Verdict.FAIL)) {
                throw new PortException("preflight did not pass");
            }
            var warns = checks.stream().filter(c -> c.verdict() == Verdict.WARN).toList();
            if (!acknowledged.containsAll(warns)) {
                throw new PortException("warnings not acknowledged");
            }
            open = true;
            audit("tunnel.open", "postgis-0 uid 7d1c… via channel forward");
        }

        @Override
        public BannerInfo banner() {
            return new BannerInfo(
                    target.context(),
                    target.namespace(),
                    "postgis-0",
                    target.database(),
                    mode,
                    justification.ticket(),
                    Instant.now().plus(justification.duration()));
        }

        @Override
        public void addListener(SessionListener listener) {
            listeners.add(listener);
        }

        public void tunnel(TunnelState state, String detail) {
            listeners.forEach(l -> l.tunnelState(state, detail));
        }

        public void tick(Duration left) {
            listeners.forEach(l -> l.timeLeft(left));
        }

        public void end(SessionEnd reason) {
            ended = true;
            audit(
                    "session." + (reason == SessionEnd.EXPIRED ? "expire" : "end"),
                    reason.name().toLowerCase(Locale.ROOT));
            listeners.forEach(l -> l.ended(reason, ""));
        }

        @Override
        public QueryRun run(String sql, Duration statementTimeout, boolean explain, ResultListener l)
                throws PortException {
            if (!open || ended) {
                throw new PortException("session is not open");
            }
            statements.add(sql);
            audit("query.begin", sql.replaceAll("\\s+", " "));
            var cancelled = new CountDownLatch(1);
            Runnable body = () -> answer(sql, explain, l, cancelled);
            if (async) {
                Thread.ofVirtual().name("double-query").start(body);
            } else if (!sql.toLowerCase(Locale.ROOT).contains("pg_sleep")) {
                body.run();
            } else {
                l.columns(List.of(new ColumnInfo("pg_sleep", "void", false)));
            }
            return () -> {
                cancelled.countDown();
                if (!async) {
                    l.failed("57014", "canceling statement due to user request", 0);
                }
            };
        }

        private void answer(String sql, boolean explain, ResultListener l, CountDownLatch cancelled) {
            String lower = sql.toLowerCase(Locale.ROOT);
            if (lower.contains("pg_sleep")) {
                l.columns(List.of(new ColumnInfo("pg_sleep", "void", false)));
                try {
                    cancelled.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                l.failed("57014", "canceling statement due to user request", 0);
                return;
            }
            int bad = lower.indexOf("nosuchcolumn");
            if (bad >= 0) {
                l.failed("42703", "column \"nosuchcolumn\" does not exist", bad + 1);
                audit("query.failed", "42703");
                return;
            }
            if (mode == Mode.READ_ONLY
                    && lower.matches("(?s)\\s*(insert|update|delete|drop|alter|truncate|create).*")) {
                audit("query.denied", "write statement in a read-only session");
                l.failed("42501", "denied: write statement in a read-only session", 0);
                return;
            }
            if (explain) {
                l.columns(List.of(new ColumnInfo("QUERY PLAN", "text", false)));
                l.rows(List.of(
                        List.of("Index Scan using parcels_geom_gist on parcels  (cost=0.28..8.30 rows=1 width=64)"),
                        List.of("  Index Cond: (geom && '0103000020E6100000…'::geometry)")));
                l.done(2, 0.8);
                return;
            }
            l.columns(List.of(
                    new ColumnInfo("id", "int4", false),
                    new ColumnInfo("name", "text", false),
                    new ColumnInfo("note", "text", false),
                    new ColumnInfo("area_m2", "float8", false),
                    new ColumnInfo("geom", "geometry", true)));
            for (int batch = 0; batch < 3; batch++) {
                var rows = new ArrayList<List<Object>>();
                for (int i = 0; i < ROWS / 3; i++) {
                    int id = batch * (ROWS / 3) + i + 1;
                    var row = new ArrayList<Object>();
                    row.add(id);
                    row.add("Parcel " + id);
                    row.add(id % 7 == 0 ? null : id % 11 == 0 ? "Boundary dispute recorded; survey ".repeat(8) : "ok");
                    row.add(1000.0 + id * 12.5);
                    row.add(ewkbPoint(8.5 + id * 0.001, 47.3 + id * 0.0005));
                    rows.add(row);
                }
                l.rows(rows);
            }
            audit("query.end", ROWS + " rows");
            l.done(ROWS, 4.2);
        }

        @Override
        public BannerInfo elevate(JustificationInput second, String confirmDatabaseName) throws PortException {
            if (!target.database().equals(confirmDatabaseName)) {
                throw new PortException("database name does not match");
            }
            mode = Mode.READ_WRITE;
            audit("session.elevate", second.ticket() + ": " + second.reason());
            return banner();
        }

        @Override
        public List<CheckResult> smoke() {
            audit("session.smoke", "4 checks");
            return List.of(
                    new CheckResult("PostGIS version", Verdict.PASS, "3.4.2 (GEOS 3.12, PROJ 9.3)"),
                    new CheckResult("Spatial query", Verdict.PASS, "ST_Intersects on parcels returned 12 rows"),
                    new CheckResult("GiST index used", Verdict.PASS, "parcels_geom_gist in the plan"),
                    new CheckResult("Read-only enforced", Verdict.PASS, "INSERT rejected with 25006"));
        }

        @Override
        public SchemaSnapshot schema() {
            return new SchemaSnapshot(
                    "3.4.2",
                    List.of(
                            new SchemaSnapshot.Schema(
                                    "public",
                                    List.of(
                                            new SchemaSnapshot.Relation(
                                                    "parcels",
                                                    SchemaSnapshot.RelationKind.TABLE,
                                                    List.of(new SchemaSnapshot.GeometryColumn(
                                                            "geom", "MultiPolygon", 4326)),
                                                    List.of("parcels_geom_gist")),
                                            new SchemaSnapshot.Relation(
                                                    "roads",
                                                    SchemaSnapshot.RelationKind.TABLE,
                                                    List.of(new SchemaSnapshot.GeometryColumn(
                                                            "geom", "MultiLineString", 4326)),
                                                    List.of("roads_geom_gist")),
                                            new SchemaSnapshot.Relation(
                                                    "owners", SchemaSnapshot.RelationKind.TABLE, List.of(), List.of()),
                                            new SchemaSnapshot.Relation(
                                                    "parcel_summary",
                                                    SchemaSnapshot.RelationKind.VIEW,
                                                    List.of(new SchemaSnapshot.GeometryColumn(
                                                            "centroid", "Point", 4326)),
                                                    List.of()))),
                            new SchemaSnapshot.Schema(
                                    "topology",
                                    List.of(new SchemaSnapshot.Relation(
                                            "topology", SchemaSnapshot.RelationKind.TABLE, List.of(), List.of())))));
        }

        @Override
        public void recordExport(String format, long rows) {
            exports.add(format + ":" + rows);
            audit("export", format + ", " + rows + " rows");
        }

        @Override
        public void recordMapView(org.kfm.breakglass.session.ViewedExtent view) {
            mapViews.add(view);
            audit("map.view", view.box() + " of " + view.column());
        }

        @Override
        public List<JournalLine> auditTail() {
            return List.copyOf(audit);
        }

        @Override
        public void close() {
            if (!ended) {
                end(SessionEnd.CLOSED);
            }
        }

        public Mode mode() {
            return mode;
        }
    }
}
