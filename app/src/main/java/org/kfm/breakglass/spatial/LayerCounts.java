package org.kfm.breakglass.spatial;

import java.util.List;

/**
 * What a layer holds, honestly: {@code total} counts every non-NULL value of the column; the row lists
 * name the rows behind each problem count (sorted ascending) so the UI can list them.
 */
public record LayerCounts(
        int total,
        int nulls,
        int drawable,
        List<Integer> emptyRows,
        List<Integer> invalidRows,
        List<RowProblem> malformed,
        List<SridCount> srids) {
    public LayerCounts {
        emptyRows = List.copyOf(emptyRows);
        invalidRows = List.copyOf(invalidRows);
        malformed = List.copyOf(malformed);
        srids = List.copyOf(srids);
    }

    public int empty() {
        return emptyRows.size();
    }

    public int invalid() {
        return invalidRows.size();
    }

    public int malformedCount() {
        return malformed.size();
    }

    /** The SRID most geometries use, or 0 when the layer has nothing drawable. */
    public int dominantSrid() {
        return srids.isEmpty() ? 0 : srids.getFirst().srid();
    }
}
