package org.kfm.breakglass.testkit;

import io.fabric8.mockwebserver.http.MockResponse;

/**
 * A response whose body is written while it is being produced, as the API server streams {@code follow=true}
 * logs: chunked, until the source ends or the client goes away. {@link HttpsApiServer} streams it; everything
 * else is a plain {@link MockResponse}.
 */
abstract class StreamedResponse extends MockResponse {

    /** Where the body goes. Writes from any thread; {@link #isOpen()} turns false when the client disconnects. */
    interface Sink {
        void write(byte[] bytes);

        boolean isOpen();

        /** Ends the response normally (the last chunk). */
        void end();
    }

    StreamedResponse(String contentType) {
        setResponseCode(200);
        setHeader("Content-Type", contentType);
    }

    /** Produces the body on the calling thread (never the event loop) until done or the sink closes. */
    abstract void stream(Sink sink);
}
