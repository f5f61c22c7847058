package org.kfm.breakglass.desktop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionState;
import org.kfm.breakglass.sql.SqlFailure;
import org.kfm.breakglass.ui.port.AuditLine;
import org.kfm.breakglass.ui.port.BannerInfo;
import org.kfm.breakglass.ui.port.CheckLine;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.QueryRun;
import org.kfm.breakglass.ui.port.ResultListener;
import org.kfm.breakglass.ui.port.SchemaSnapshot;
import org.kfm.breakglass.ui.port.SessionEnd;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.port.SessionListener;
import org.kfm.breakglass.ui.port.TunnelState;

/**
 * One GUI session over one {@link BreakGlassSession}: statements run on virtual threads and stream rows to the
 * view in batches; a one-second pulse reports time left and new journal lines.
 */
final class SessionHandleAdapter implements SessionHandle {
    private static final int BATCH = 500;

    private final BreakGlassSession session;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService pulse;
    private long lastAuditSeq = -1;

    SessionHandleAdapter(BreakGlassSession session) {
        this.session = session;
        session.addListener(new org.kfm.breakglass.session.SessionListener() {
            @Override
            public void stateChanged(SessionState state, String reason) {
                switch (state) {
                    case RECONNECTING -> listeners.forEach(l -> l.tunnelState(TunnelState.RECONNECTING, reason));
                    case OPEN -> listeners.forEach(l -> l.tunnelState(TunnelState.OPEN, reason));
                    case EXPIRED -> ended(reason.startsWith("idle") ? SessionEnd.IDLE : SessionEnd.EXPIRED, reason);
                    case FAILED -> ended(SessionEnd.FAILED, reason);
                    case CLOSED -> ended(SessionEnd.CLOSED, reason);
                    default -> {}
                }
            }
        });
    }

    @Override
    public void preflight(Consumer<CheckLine> onEachCheck) throws PortException {
        call(() -> session.preflight(result -> onEachCheck.accept(line(result))));
    }

    @Override
    public void acknowledgeWarnings(List<CheckLine> warnings) throws PortException {
        call(session::acknowledgeWarnings);
    }

    @Override
    public void open() throws PortException {
        call(session::open);
        pulse = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("breakglass-ui-pulse").factory());
        pulse.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    @Override
    public BannerInfo banner() {
        var s = session.snapshot();
        return new BannerInfo(
                s.context(),
                s.namespace(),
                s.pod(),
                s.database(),
                s.mode() == AccessMode.READ_ONLY ? Mode.READ_ONLY : Mode.READ_WRITE,
                s.ticket(),
                s.expiresAt());
    }

    @Override
    public void addListener(SessionListener listener) {
        listeners.add(listener);
    }

    @Override
    public QueryRun run(String sql, Duration statementTimeout, boolean explain, ResultListener listener) {
        var options = RunOptions.defaults().withStatementTimeout(statementTimeout);
        Thread.ofVirtual()
                .name("breakglass-query")
                .start(() -> execute(sql, explain ? options.explained() : options, listener));
        return session::cancel;
    }

    @Override
    public BannerInfo elevate(JustificationInput second, String confirmDatabaseName) throws PortException {
        call(() -> session.elevate(
                new Justification(second.reason(), second.ticket(), second.duration(), AccessMode.WRITE),
                confirmDatabaseName));
        return banner();
    }

    @Override
    public List<CheckLine> smoke() throws PortException {
        try {
            return session.smoke().stream().map(SessionHandleAdapter::line).toList();
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public SchemaSnapshot schema() throws PortException {
        return new SchemaReader(session).read();
    }

    @Override
    public void recordExport(String format, long rows) throws PortException {
        call(() -> session.recordExport(format, rows, "a file chosen in the console"));
    }

    @Override
    public List<AuditLine> auditTail() {
        return session.journal().stream()
                .map(j -> new AuditLine(j.seq(), j.time(), j.type(), j.summary()))
                .toList();
    }

    @Override
    public void close() {
        if (pulse != null) {
            pulse.shutdownNow();
        }
        session.close();
        tickAudit();
    }

    private void execute(String sql, RunOptions options, ResultListener listener) {
        var batcher = new RowBatcher(listener);
        try {
            var reports = session.run(sql, options, batcher);
            batcher.flush();
            var last = reports.get(reports.size() - 1);
            listener.done(
                    last.rows(),
                    reports.stream().mapToDouble(r -> r.durationMs()).sum());
        } catch (SessionFailure e) {
            batcher.flush();
            int position = e.getCause() instanceof SqlFailure failure ? failure.position() : 0;
            // The view shows refusals like the server's own insufficient_privilege.
            String sqlstate = e.getCause() instanceof SqlFailure failure
                    ? failure.sqlstate()
                    : e.kind() == SessionFailure.Kind.DENIED ? "42501" : null;
            listener.failed(sqlstate, e.getMessage(), position);
        } catch (RuntimeException e) {
            listener.failed(null, "the console failed: " + e, 0);
        } finally {
            tickAudit();
        }
    }

    private void tick() {
        listeners.forEach(l -> l.timeLeft(session.remaining()));
        tickAudit();
    }

    private synchronized void tickAudit() {
        for (var line : auditTail()) {
            if (line.seq() > lastAuditSeq) {
                lastAuditSeq = line.seq();
                listeners.forEach(l -> l.audit(line));
            }
        }
    }

    private void ended(SessionEnd end, String reason) {
        if (pulse != null) {
            pulse.shutdownNow();
        }
        listeners.forEach(l -> l.ended(end, reason));
    }

    private static CheckLine line(CheckResult result) {
        return new CheckLine(
                result.name(), CheckLine.Verdict.valueOf(result.verdict().name()), result.reason());
    }

    private static void call(SessionCall action) throws PortException {
        try {
            action.run();
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface SessionCall {
        void run() throws SessionFailure;
    }

    /** Hands rows to the view in batches, so a 200k-row result does not flood the FX thread. */
    private static final class RowBatcher implements ResultReceiver {
        private final ResultListener listener;
        private List<List<Object>> batch = new ArrayList<>(BATCH);

        RowBatcher(ResultListener listener) {
            this.listener = listener;
        }

        @Override
        public void columns(List<ResultReceiver.ColumnInfo> columns) {
            flush();
            listener.columns(columns.stream()
                    .map(c -> new org.kfm.breakglass.ui.port.ColumnInfo(c.name(), c.pgType(), c.spatial()))
                    .toList());
        }

        @Override
        public void row(List<Object> values) {
            batch.add(values);
            if (batch.size() >= BATCH) {
                flush();
            }
        }

        void flush() {
            if (!batch.isEmpty()) {
                listener.rows(batch);
                batch = new ArrayList<>(BATCH);
            }
        }
    }
}
