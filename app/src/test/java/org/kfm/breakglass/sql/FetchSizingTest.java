package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FetchSizingTest {

    @Test
    void firstBatchIsTheCallersThenShortRowsGetLargeRoundTrips() {
        var sizing = new FetchSizing(1000, 2, 8L << 20);
        for (int i = 0; i < 999; i++) {
            assertThat(sizing.afterRow(36)).isZero();
        }

        int next = sizing.afterRow(36);

        // 36 text bytes + 48 per row + 2 × 24 per field = 132 bytes: 8 MiB / 132 = 63,550 rows.
        assertThat(next).isEqualTo((int) ((8L << 20) / 132));
    }

    @Test
    void theBudgetIsAShareOfTheHeapSoABatchDiesYoungInTheClisSmallHeap() {
        // The CLI's -Xmx96m with the serial collector reports 92.8 MiB: a batch of ~1.9 MiB, well inside
        // one survivor space (a thirtieth of the heap, ~3.2 MB).
        long cliHeap = 97_320_960L;
        assertThat(FetchSizing.batchBytes(cliHeap)).isEqualTo(cliHeap / 48).isLessThan(cliHeap / 30);
        assertThat(FetchSizing.batchBytes(4L << 30)).isEqualTo(8L << 20);
        assertThat(FetchSizing.batchBytes(16L << 20)).isEqualTo(1L << 20);
    }

    @Test
    void laterBatchesFollowTheBudgetGiven() {
        var small = new FetchSizing(1, 2, 2L << 20);
        var large = new FetchSizing(1, 2, 8L << 20);

        // 36 text bytes + 96 bytes of overhead = 132 bytes a row.
        assertThat(small.afterRow(36)).isEqualTo((int) ((2L << 20) / 132));
        assertThat(large.afterRow(36)).isEqualTo((int) ((8L << 20) / 132));
    }

    @Test
    void oneHeavyRowShrinksEveryLaterBatchSoMemoryStaysBounded() {
        var sizing = new FetchSizing(2, 1);
        sizing.afterRow(10);

        int next = sizing.afterRow(4L << 20);

        assertThat(next).isEqualTo(1);
        assertThat(sizing.afterRow(10)).isEqualTo(1);
    }

    @Test
    void neverAsksForMoreThanTheCapOrLessThanOneRow() {
        var tiny = new FetchSizing(1, 1);
        var huge = new FetchSizing(1, 1);

        assertThat(tiny.afterRow(0)).isEqualTo(FetchSizing.MAX_ROWS);
        assertThat(huge.afterRow(1L << 40)).isEqualTo(1);
    }

    @Test
    void aResultReadWholeHasNothingToSize() {
        var sizing = new FetchSizing(0, 3);

        assertThat(sizing.afterRow(10)).isZero();
        assertThat(sizing.afterRow(10)).isZero();
    }
}
