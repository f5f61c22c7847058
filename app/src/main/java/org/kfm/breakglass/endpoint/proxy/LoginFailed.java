package org.kfm.breakglass.endpoint.proxy;

import org.kfm.breakglass.endpoint.wire.ServerNotice;

/** A client that cannot be logged in; {@link #notice()} is the FATAL it gets. */
final class LoginFailed extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ServerNotice notice;

    LoginFailed(ServerNotice notice) {
        super(notice.message());
        this.notice = notice;
    }

    ServerNotice notice() {
        return notice;
    }
}
