package org.kfm.breakglass.spatial;

/** A graticule line: vertical at screen x = {@code position}, or horizontal at screen y = {@code position}. */
public record GridLine(boolean vertical, double position, String label) {}
