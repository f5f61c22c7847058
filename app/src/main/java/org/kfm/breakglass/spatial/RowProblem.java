package org.kfm.breakglass.spatial;

/** A row whose value could not be decoded, with the decoder's explanation. */
public record RowProblem(int rowIndex, String problem) {}
