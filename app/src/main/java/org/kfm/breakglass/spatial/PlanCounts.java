package org.kfm.breakglass.spatial;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Honest counts for one frame: of {@code total} values (every non-NULL value of the column) {@code drawn} are in the
 * view and drawn; the rest are accounted for as outside the view, in another SRID, empty or malformed. Nothing is
 * capped. {@code marks} is how many screen primitives were needed (sub-pixel shapes share a mark).
 */
public record PlanCounts(
        int total,
        int drawn,
        int outsideView,
        int srid,
        List<SridCount> otherSrids,
        List<Integer> emptyRows,
        List<Integer> invalidRows,
        List<RowProblem> malformed,
        int marks,
        int vertices) {
    private static final int LISTED_ROWS = 5;

    public PlanCounts {
        otherSrids = List.copyOf(otherSrids);
        emptyRows = List.copyOf(emptyRows);
        invalidRows = List.copyOf(invalidRows);
        malformed = List.copyOf(malformed);
    }

    public int notDrawnOtherSrid() {
        return otherSrids.stream().mapToInt(SridCount::count).sum();
    }

    /** "N of M drawn · SRID 4326 · 3 empty · 1 invalid (rows 17, 42) · 0 malformed" and what else applies. */
    public String statusLine() {
        return statusLine(false);
    }

    /**
     * The status line; {@code growing} when the result is still streaming, so M is every geometry received so far
     * and the line says that more are coming.
     */
    public String statusLine(boolean growing) {
        var s = new StringBuilder();
        s.append(String.format("%,d of %,d drawn", drawn, total));
        if (growing) {
            s.append(" so far · result still streaming");
        }
        if (outsideView > 0) {
            s.append(String.format(" · %,d outside view", outsideView));
        }
        s.append(" · SRID ").append(srid);
        s.append(" · ").append(rows(emptyRows.size(), "empty", emptyRows));
        s.append(" · ").append(rows(invalidRows.size(), "invalid", invalidRows));
        s.append(" · ")
                .append(rows(
                        malformed.size(),
                        "malformed",
                        malformed.stream().map(RowProblem::rowIndex).toList()));
        for (SridCount other : otherSrids) {
            s.append(
                    String.format(" · %,d geometries in SRID %d not drawn (mixed SRIDs)", other.count(), other.srid()));
        }
        return s.toString();
    }

    private static String rows(int count, String what, List<Integer> rows) {
        if (count == 0) {
            return "0 " + what;
        }
        String listed = rows.stream().limit(LISTED_ROWS).map(String::valueOf).collect(Collectors.joining(", "));
        String more = count > LISTED_ROWS ? ", …" : "";
        return String.format("%,d %s (row%s %s%s)", count, what, count == 1 ? "" : "s", listed, more);
    }
}
