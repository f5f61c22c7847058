package org.kfm.breakglass.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kfm.breakglass.ui.results.Statement;

class StatementLocatorTest {

    @Test
    void splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        String text = "select 'a;b' as x; -- c;d\nselect \"we;ird\" from t; select $$x;y$$; /* ; */ select 4";
        assertThat(StatementLocator.split(text))
                .extracting(Statement::sql)
                .containsExactly(
                        "select 'a;b' as x", "-- c;d\nselect \"we;ird\" from t", "select $$x;y$$", "/* ; */ select 4");
    }

    @Test
    void positionalParametersAreNotDollarQuotes() {
        assertThat(StatementLocator.split("select $1; select $2")).hasSize(2);
    }

    @Test
    void caretAfterTheSemicolonStillPicksThePreviousStatementOnThatLine() {
        String text = "select 1;\nselect 2;";
        assertThat(StatementLocator.at(text, text.length()).orElseThrow().sql()).isEqualTo("select 2");
        assertThat(StatementLocator.at(text, 2).orElseThrow().sql()).isEqualTo("select 1");
    }

    @Test
    void errorPositionIsOneBasedWithinTheStatement() {
        var s = new Statement("select nosuch", 10);
        assertThat(s.editorOffset(8)).isEqualTo(17);
        assertThat(s.editorOffset(0)).isEqualTo(-1);
        assertThat(s.editorOffset(999)).isEqualTo(s.end() - 1);
    }

    @Test
    void aCarriageReturnEndsALineCommentAndBlockCommentsNest() {
        assertThat(StatementLocator.split("select 1 --\r; delete from t"))
                .extracting(Statement::sql)
                .containsExactly("select 1 --", "delete from t");
        assertThat(StatementLocator.split("select 1 /* a /* b */ ; c */; select 2"))
                .extracting(Statement::sql)
                .containsExactly("select 1 /* a /* b */ ; c */", "select 2");
        assertThat(StatementLocator.split("-- only\r/* comments */")).isEmpty();
    }
}
