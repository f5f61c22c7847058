package org.kfm.breakglass.spatial;

/** A scale bar of a nice ground length, {@code lengthPx} long on screen. */
public record ScaleBar(double lengthPx, String label) {}
