package org.kfm.breakglass.endpoint.wire;

/**
 * The size limits of the framing. PostgreSQL itself allows a startup packet of 10,000 bytes, "small" messages
 * (Sync, Flush, Execute, Describe, Close, CopyDone, CopyFail, Terminate) of 10,000 bytes and the others up to
 * 1 GiB − 1 ({@code PQ_LARGE_MESSAGE_LIMIT}). A console has no use for a gigabyte Query or Bind and the endpoint
 * holds a whole inspected message in memory to classify and journal it, so its cap for the large types is much
 * smaller: {@value #MAX_LARGE_MESSAGE} bytes (64 MiB). A message declared longer is a protocol violation before
 * a byte of its body is read.
 */
public final class WireLimits {
    /** PostgreSQL's {@code MAX_STARTUP_PACKET_LENGTH}. */
    public static final int MAX_STARTUP_PACKET = 10_000;
    /** PostgreSQL's {@code PQ_SMALL_MESSAGE_LIMIT}. */
    public static final int MAX_SMALL_MESSAGE = 10_000;
    /** The endpoint's cap on Query, Parse, Bind, FunctionCall, CopyData and password messages. */
    public static final int MAX_LARGE_MESSAGE = 64 * 1024 * 1024;
    /** The cap on a server message the endpoint inspects (errors, descriptions, tags, parameters). */
    public static final int MAX_INSPECTED_BACKEND_MESSAGE = 64 * 1024 * 1024;

    private WireLimits() {}
}
