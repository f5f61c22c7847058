package org.kfm.breakglass.ui.port;

import java.nio.file.Path;

/**
 * An evidence pack written for an ended session (the pack {@code breakglass evidence --session ID --out FILE}
 * writes).
 *
 * @param manifestSha256 what a review names the pack by ({@code audit review --evidence})
 */
public record EvidenceSaved(Path file, boolean signed, int entries, String manifestSha256) {}
