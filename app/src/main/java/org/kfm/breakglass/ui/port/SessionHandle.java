package org.kfm.breakglass.ui.port;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.kfm.breakglass.check.CheckResult;
import org.kfm.breakglass.session.JournalLine;
import org.kfm.breakglass.session.SchemaSnapshot;
import org.kfm.breakglass.session.ViewedExtent;

/**
 * One break-glass session as the UI sees it. Every method that does privileged work is audited by the engine
 * before it acts. Methods may block; the UI calls them off the FX thread. Listener callbacks may come from any
 * engine thread; the UI marshals them itself.
 */
public interface SessionHandle {

    /**
     * Runs the preflight probes (context reachable, RBAC, target resolves to a Ready pod, Secret readable, TLS, ...)
     * and reports each line as soon as it completes; returns when all have run. Records {@code session.preflight}.
     */
    void preflight(Consumer<CheckResult> onEachCheck) throws PortException;

    /** Records that the operator explicitly acknowledged these WARN lines (a precondition for {@link #open()}). */
    void acknowledgeWarnings(List<CheckResult> warnings) throws PortException;

    /**
     * Opens the tunnel and the database connection (state OPEN). Fails when preflight had a FAIL or unacknowledged
     * WARN lines.
     */
    void open() throws PortException;

    /** What the always-visible banner shows; call again after {@link #elevate}. */
    BannerInfo banner();

    /** Registers a listener for tunnel state, time-left ticks, session end and new audit lines. */
    void addListener(SessionListener listener);

    /**
     * Starts one SQL statement and returns at once; results arrive on {@code listener} from an engine thread.
     * {@code query.begin} is durable before the statement is sent. A statement the session refuses (a write in a
     * read-only session) is reported through {@link ResultListener#failed} and never sent.
     *
     * @param sql              exactly one statement, as the operator wrote it
     * @param statementTimeout server-side {@code statement_timeout} for this statement
     * @param explain          run {@code EXPLAIN} of the statement instead of the statement itself
     */
    QueryRun run(String sql, Duration statementTimeout, boolean explain, ResultListener listener) throws PortException;

    /**
     * Elevates a read-only session to read-write after a second justification; {@code confirmDatabaseName} must
     * equal the session's database name (typed by the operator). Its own audited event.
     *
     * @return the banner after elevation
     */
    BannerInfo elevate(JustificationInput second, String confirmDatabaseName) throws PortException;

    /** Runs the smoke checks (PostGIS version, a spatial query, GiST index use, ...) over the open connection. */
    List<CheckResult> smoke() throws PortException;

    /** Reads the catalogue: schemas, tables/views, geometry columns, GiST indexes, PostGIS version. */
    SchemaSnapshot schema() throws PortException;

    /**
     * Records an export before the UI writes the file ({@code export} audit event).
     *
     * @param format {@code "csv"} or {@code "geojson"}
     */
    void recordExport(String format, long rows) throws PortException;

    /**
     * Journals what the operator looked at on a result's map ({@code map.view}, ADR 0025); the console calls it
     * when the operator moves on from the result (the next statement, closing the result).
     */
    void recordMapView(ViewedExtent view) throws PortException;

    /**
     * Where a result's geometry column came from (one table? a GiST index on it?), for the map's "Query this view":
     * asked with the statement's plan and the index catalog as audited statements of their own (ADR 0025).
     */
    default org.kfm.breakglass.session.MapSource mapSource(String sql, String column, int position)
            throws PortException {
        throw new PortException("this console cannot tell where a result's column came from");
    }

    /**
     * Where the session asks, as it ends (closed, window closed, expired), for the extents of the maps still showing
     * that are not journaled yet; it writes them as {@code map.view} before {@code session.end}. Asked from any
     * thread, the FX thread included.
     */
    default void journalMapViewsAtEnd(java.util.function.Supplier<List<ViewedExtent>> views) {}

    /** The session's journal lines so far (oldest first); later lines arrive via {@link SessionListener#audit}. */
    List<JournalLine> auditTail();

    /**
     * Serves the open session as a PostgreSQL endpoint for the operator's own clients (psql, QGIS, ogr2ogr):
     * {@code endpoint.open} is journaled before the socket's path is shown. Once per session; later calls return the
     * same endpoint. It ends with the session.
     *
     * @throws PortException when the session is not open or the socket cannot be made
     */
    default ClientEndpoint serveClients() throws PortException {
        throw new PortException("this console cannot serve clients");
    }

    /**
     * After the session ended: writes its evidence pack to {@code file} (which must not exist), signed when the
     * policy names a signing key: the pack {@code breakglass evidence --session ID --out FILE} writes.
     *
     * @throws PortException when the session has not ended and been sealed, or the file cannot be written
     */
    default EvidenceSaved saveEvidence(Path file) throws PortException {
        throw new PortException("this console cannot write evidence packs");
    }

    /** Ends the session (operator closed it): cancels running statements, closes the tunnel, seals the journal. */
    void close();
}
