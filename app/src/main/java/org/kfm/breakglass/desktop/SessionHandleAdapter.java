package org.kfm.breakglass.desktop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.endpoint.SessionEndpoint;
import org.kfm.breakglass.evidence.PackExport;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.session.AfterSession;
import org.kfm.breakglass.session.BreakGlassSession;
import org.kfm.breakglass.session.JournalLine;
import org.kfm.breakglass.session.Justification;
import org.kfm.breakglass.session.ResultReceiver;
import org.kfm.breakglass.session.RunOptions;
import org.kfm.breakglass.session.SchemaSnapshot;
import org.kfm.breakglass.session.SessionEnd;
import org.kfm.breakglass.session.SessionFailure;
import org.kfm.breakglass.session.SessionState;
import org.kfm.breakglass.session.ViewedExtent;
import org.kfm.breakglass.ui.port.BannerInfo;
import org.kfm.breakglass.ui.port.ClientEndpoint;
import org.kfm.breakglass.ui.port.EvidenceSaved;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.PortException;
import org.kfm.breakglass.ui.port.QueryRun;
import org.kfm.breakglass.ui.port.ResultListener;
import org.kfm.breakglass.ui.port.SessionHandle;
import org.kfm.breakglass.ui.port.SessionListener;
import org.kfm.breakglass.ui.port.TunnelState;

/**
 * One GUI session over one {@link BreakGlassSession}: translation only. What the session reports on its own (the
 * tunnel, the time left, what it journaled, why it ended) is passed on as it comes from the session's ticker;
 * each statement runs on a virtual thread of its own, because the port's {@code run} returns at once and rows are
 * handed to the view in batches.
 */
final class SessionHandleAdapter implements SessionHandle {
    private static final int BATCH = 500;
    /** Not a real SQLSTATE source: a bug in the console itself, shown as PostgreSQL shows an internal error. */
    private static final String INTERNAL_ERROR = "XX000";

    private final BreakGlassSession session;
    private final AfterSession after;
    private final List<SessionListener> listeners = new CopyOnWriteArrayList<>();
    private long lastJournaled = -1;
    private EndpointClients endpoint;

    SessionHandleAdapter(BreakGlassSession session, AfterSession after) {
        this.session = session;
        this.after = after;
        session.addListener(new org.kfm.breakglass.session.SessionListener() {
            @Override
            public void stateChanged(SessionState state, String reason) {
                switch (state) {
                    case RECONNECTING -> listeners.forEach(l -> l.tunnelState(TunnelState.RECONNECTING, reason));
                    case OPEN -> listeners.forEach(l -> l.tunnelState(TunnelState.OPEN, reason));
                    default -> {}
                }
            }

            @Override
            public void timeLeft(Duration left) {
                listeners.forEach(l -> l.timeLeft(left));
            }

            @Override
            public void journaled(JournalLine line) {
                pass(line);
            }

            @Override
            public void ended(SessionEnd cause, String reason) {
                // The closing lines (tunnel.close, session.end, the seal) come after the ticker's last word.
                session.journal().forEach(SessionHandleAdapter.this::pass);
                listeners.forEach(l -> l.ended(cause, reason));
            }
        });
    }

    @Override
    public void preflight(Consumer<CheckResult> onEachCheck) throws PortException {
        call(() -> session.preflight(onEachCheck));
    }

    @Override
    public void acknowledgeWarnings(List<CheckResult> warnings) throws PortException {
        call(session::acknowledgeWarnings);
    }

    @Override
    public void open() throws PortException {
        call(session::open);
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
    public List<CheckResult> smoke() throws PortException {
        try {
            return session.smoke();
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public SchemaSnapshot schema() throws PortException {
        try {
            return session.schema();
        } catch (SessionFailure e) {
            throw new PortException("reading the schema failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void recordExport(String format, long rows) throws PortException {
        call(() -> session.recordExport(format, rows, "a file chosen in the console"));
    }

    @Override
    public void recordMapView(ViewedExtent view) throws PortException {
        call(() -> session.recordMapView(view));
    }

    @Override
    public org.kfm.breakglass.session.MapSource mapSource(String sql, String column, int position)
            throws PortException {
        try {
            return session.mapSource(sql, column, position);
        } catch (SessionFailure e) {
            throw new PortException(e.getMessage(), e);
        }
    }

    @Override
    public void journalMapViewsAtEnd(java.util.function.Supplier<List<ViewedExtent>> views) {
        session.journalMapViewsAtEnd(views);
    }

    @Override
    public List<JournalLine> auditTail() {
        return session.journal();
    }

    @Override
    public synchronized ClientEndpoint serveClients() throws PortException {
        if (endpoint == null) {
            try {
                endpoint = new EndpointClients(SessionEndpoint.open(session, false, null));
            } catch (SessionFailure e) {
                throw new PortException("the client endpoint was not opened: " + e.getMessage(), e);
            }
        }
        return endpoint;
    }

    @Override
    public EvidenceSaved saveEvidence(Path file) throws PortException {
        if (!session.state().ended()) {
            throw new PortException("an evidence pack is made of a sealed journal: close the session first");
        }
        try {
            var written = PackExport.write(
                            after,
                            Optional.empty(),
                            session.snapshot().sessionId(),
                            file,
                            false,
                            Optional.empty(),
                            Optional.empty())
                    .result();
            return new EvidenceSaved(
                    written.file(), written.signed(), written.entries().size(), written.manifestSha256());
        } catch (SessionFailure e) {
            throw new PortException("the evidence pack was not written: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        session.close();
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
            listener.failed(e.sqlstate(), e.getMessage(), e.position());
        } catch (RuntimeException e) {
            listener.failed(INTERNAL_ERROR, "the console failed: " + e, 0);
        }
    }

    /** Each journal line once, in order: the ticker's and the closing read-back overlap. */
    private synchronized void pass(JournalLine line) {
        if (line.seq() > lastJournaled) {
            lastJournaled = line.seq();
            listeners.forEach(l -> l.audit(line));
        }
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
        public void columns(List<ColumnInfo> columns) {
            flush();
            listener.columns(columns);
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
