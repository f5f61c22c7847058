package org.kfm.breakglass.ui.port;

import java.time.Instant;

/** The facts of an open session that must stay visible. */
public record BannerInfo(
        String context, String namespace, String pod, String database, Mode mode, String ticket, Instant expiresAt) {}
