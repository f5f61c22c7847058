package org.kfm.breakglass.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StatementClassifierTest {

    static Stream<Arguments> corpus() throws IOException {
        var cases = new ArrayList<Arguments>();
        try (InputStream in = StatementClassifierTest.class.getResourceAsStream("classifier-corpus.tsv")) {
            var text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                var tab = line.indexOf('\t');
                cases.add(Arguments.of(
                        StatementClass.valueOf(line.substring(0, tab)),
                        line.substring(tab + 1).replace("\\n", "\n")));
            }
        }
        return cases.stream();
    }

    @Test
    void corpusHasAtLeastOneHundredStatementsCoveringEveryClass() throws IOException {
        var cases = corpus().toList();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        assertThat(cases.stream()
                        .map(a -> (StatementClass) a.get()[0])
                        .distinct()
                        .toList())
                .containsExactlyInAnyOrder(StatementClass.values());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void classifiesCorpusStatement(StatementClass expected, String sql) {
        var statements = StatementClassifier.classify(sql);

        assertThat(statements).as("statements in %s", sql).hasSize(1);
        assertThat(statements.get(0).cls()).as(statements.get(0).reason()).isEqualTo(expected);
        assertThat(statements.get(0).reason()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("corpus")
    void classifiesTheSameStatementInsideAScript(StatementClass expected, String sql) {
        var script = "SELECT 0;\n" + sql + "\n;\n-- end\n";

        var statements = StatementClassifier.classify(script);

        assertThat(statements).hasSize(2);
        assertThat(statements.get(1).cls()).isEqualTo(expected);
        assertThat(script.substring(statements.get(1).startOffset()))
                .startsWith(statements.get(1).sql());
    }

    @Test
    void splitsAMultiStatementScriptWithOffsets() {
        var script = """
        -- a script
        SELECT 1;  /* block; with semicolon */
        DO $fn$ BEGIN RAISE NOTICE 'a;b'; END $fn$;
        INSERT INTO places (name, kind) VALUES ('x;y', 'z');;
        SET ROLE kfm_owner
        """;

        var statements = StatementClassifier.classify(script);

        assertThat(statements)
                .extracting(ClassifiedStatement::cls)
                .containsExactly(
                        StatementClass.READ, StatementClass.FUNCTION, StatementClass.WRITE, StatementClass.ROLE);
        assertThat(statements)
                .extracting(ClassifiedStatement::sql)
                .containsExactly(
                        "SELECT 1",
                        "DO $fn$ BEGIN RAISE NOTICE 'a;b'; END $fn$",
                        "INSERT INTO places (name, kind) VALUES ('x;y', 'z')",
                        "SET ROLE kfm_owner");
        for (var statement : statements) {
            assertThat(script.substring(
                            statement.startOffset(),
                            statement.startOffset() + statement.sql().length()))
                    .isEqualTo(statement.sql());
        }
    }

    @Test
    void commentsAndEmptyStatementsYieldNothing() {
        assertThat(StatementClassifier.classify("  ;; -- nothing\n /* at /* all */ */ ;"))
                .isEmpty();
        assertThat(StatementClassifier.classify("")).isEmpty();
    }

    @Test
    void unterminatedQuoteSwallowsTheRestInsteadOfSplittingInsideIt() {
        List<ClassifiedStatement> statements = StatementClassifier.classify("SELECT 'open; DELETE FROM places");

        assertThat(statements).hasSize(1);
        assertThat(statements.get(0).cls()).isEqualTo(StatementClass.READ);
    }

    @Test
    void aCarriageReturnEndsACommentSoTheStatementsAfterItAreSeen() {
        var statements = StatementClassifier.classify(
                "SELECT 1 AS innocent --\r;COMMIT;BEGIN READ WRITE;SELECT lo_from_bytea(0,'x');COMMIT;SELECT 1 --\n, 2");

        assertThat(statements)
                .extracting(ClassifiedStatement::cls)
                .containsExactly(
                        StatementClass.READ,
                        StatementClass.MISC,
                        StatementClass.MISC,
                        StatementClass.FUNCTION,
                        StatementClass.MISC,
                        StatementClass.READ);
        assertThat(statements).allMatch(ClassifiedStatement::sendable);
    }

    @Test
    void whatTheServerOrPgjdbcWouldReadDifferentlyIsUnsendableAndSaysWhy() {
        assertThat(StatementClassifier.classify("SELECT 'open; DELETE FROM places")
                        .getFirst()
                        .unsendable())
                .contains("unterminated quoted string at character 8");
        assertThat(StatementClassifier.classify("SELECT /*/ ; SELECT 2; */ 1")
                        .getFirst()
                        .unsendable())
                .contains("pgjdbc would send it as 3 statements");
        assertThat(StatementClassifier.classify("SELECT 1 ?? 2").getFirst().unsendable())
                .contains("pgjdbc would rewrite the text");
        assertThat(StatementClassifier.classify("SELECT 1 /* open").getFirst().unsendable())
                .as("a problem in the comment after a statement belongs to it")
                .contains("unterminated /* comment");
        assertThat(StatementClassifier.classify("SELECT 1 -- fine").getFirst().sendable())
                .isTrue();
    }
}
