package org.kfm.breakglass.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.kfm.breakglass.endpoint.upstream.AuditedUpstream;
import org.kfm.breakglass.endpoint.upstream.ClientJournal;
import org.kfm.breakglass.endpoint.upstream.ClientStatement;
import org.kfm.breakglass.endpoint.upstream.ClientTerms;
import org.kfm.breakglass.endpoint.upstream.LexicalSettings;
import org.kfm.breakglass.endpoint.upstream.UpstreamLogin;
import org.kfm.breakglass.endpoint.upstream.UpstreamStream;
import org.kfm.breakglass.session.AccessMode;
import org.kfm.breakglass.testkit.DbRole;
import org.kfm.breakglass.testkit.LocalPostgis;

/**
 * This round's binding of the seam for tests: streams are plain TCP sockets to a real LocalPostgis (the upstream
 * side is only bytes), the login is the seed role of the mode, classification is the console's own classifier,
 * and the journal records in memory. Round 2 replaces it with the session and the tunnel.
 */
public final class DirectUpstream implements AuditedUpstream {
    private final LocalPostgis pg;
    private final RecordingJournal journal = new RecordingJournal();
    private final AtomicInteger streams = new AtomicInteger();
    private final List<java.io.ByteArrayOutputStream> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile ClientTerms terms;

    public DirectUpstream(LocalPostgis pg, AccessMode mode) {
        this.pg = pg;
        this.terms = new ClientTerms(mode, pg.database(), false);
    }

    public void terms(ClientTerms next) {
        this.terms = next;
    }

    public RecordingJournal recording() {
        return journal;
    }

    /** How many upstream streams were opened (logins and cancels). */
    public int streamsOpened() {
        return streams.get();
    }

    /** Every byte the endpoint wrote to each upstream stream, in opening order. */
    public List<byte[]> bytesSent() {
        return sent.stream().map(java.io.ByteArrayOutputStream::toByteArray).toList();
    }

    @Override
    public ClientTerms terms() {
        return terms;
    }

    @Override
    public List<ClientStatement> classify(String sql, LexicalSettings settings) {
        return SessionClassification.classify(sql, settings);
    }

    @Override
    public UpstreamStream openStream() throws IOException {
        streams.incrementAndGet();
        var socket = new Socket(pg.host(), pg.port());
        socket.setTcpNoDelay(true);
        var copy = new java.io.ByteArrayOutputStream();
        sent.add(copy);
        var tee = new java.io.FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                synchronized (copy) {
                    copy.write(b, off, len);
                }
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                synchronized (copy) {
                    copy.write(b);
                }
                out.write(b);
            }
        };
        return new UpstreamStream() {
            @Override
            public InputStream input() {
                try {
                    return socket.getInputStream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public OutputStream output() {
                return tee;
            }

            @Override
            public String describe() {
                return pg.host() + ":" + pg.port();
            }

            @Override
            public void close() throws IOException {
                socket.close();
            }
        };
    }

    @Override
    public UpstreamLogin login(ClientTerms forTerms) {
        DbRole role = switch (forTerms.mode()) {
            case READ_ONLY -> pg.reader();
            case WRITE -> pg.writer();
            case OWNER -> pg.owner();
        };
        return new TestScramClient(role.user(), role.password().toCharArray());
    }

    @Override
    public ClientJournal journal() {
        return journal;
    }

    public AccessMode mode() {
        return terms.mode();
    }
}
