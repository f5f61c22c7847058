package org.kfm.breakglass.endpoint.upstream;

import java.io.Closeable;
import java.io.InputStream;
import java.io.OutputStream;

/** A byte stream to the database server (a tunnel stream in production). */
public interface UpstreamStream extends Closeable {
    InputStream input();

    OutputStream output();

    /** Where it leads, for messages (never a credential). */
    String describe();
}
