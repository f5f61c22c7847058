package org.kfm.breakglass.ui.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.InMemoryConsolePort;
import org.kfm.breakglass.ui.UiThread;
import org.kfm.breakglass.ui.port.JustificationInput;
import org.kfm.breakglass.ui.port.Mode;
import org.kfm.breakglass.ui.port.TargetChoice;
import org.kfm.breakglass.ui.results.RunState;
import org.kfm.breakglass.ui.state.QueryHistory;

class QueryTabViewModelTest {
    @TempDir
    Path state;

    private final InMemoryConsolePort port = new InMemoryConsolePort();
    private InMemoryConsolePort.Session session;
    private QueryTabViewModel vm;
    private HistoryViewModel history;

    @BeforeEach
    void openSession() throws Exception {
        var target = new TargetChoice("prod", "gis", "svc/postgis:5432", "gis");
        session = (InMemoryConsolePort.Session) port.start(
                target,
                new JustificationInput(
                        "Investigating the broken parcels import", "INC-1", Duration.ofMinutes(30), Mode.READ_ONLY));
        port.checks = java.util.List.of();
        session.preflight(c -> {});
        session.open();
        history =
                new HistoryViewModel(new QueryHistory(state), target.key(), BackgroundWork.direct(), Clock.systemUTC());
        vm = new QueryTabViewModel("Query 1", session, BackgroundWork.direct(), UiThread.direct(), history);
    }

    @Test
    void runningStatementEnablesCancelAndDisablesRun() {
        vm.runAtCaret("select pg_sleep(600)", 3, 0, 0, false);
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.canCancelProperty().get()).isTrue();
        assertThat(vm.canRunProperty().get()).isFalse();
        assertThat(vm.currentProperty().get().stateProperty().get()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void cancelEndsTheRunAsCancelledNotAsAnError() {
        vm.runAtCaret("select pg_sleep(600)", 3, 0, 0, false);
        vm.cancel();
        var result = vm.currentProperty().get();
        assertThat(result.stateProperty().get()).isEqualTo(RunState.CANCELLED);
        assertThat(result.summaryProperty().get()).isEqualTo("Cancelled");
        assertThat(vm.canCancelProperty().get()).isFalse();
        assertThat(vm.canRunProperty().get()).isTrue();
        assertThat(vm.errorMarkProperty().get()).isNull();
    }

    @Test
    void finishedStatementReportsRowsAndTiming() {
        vm.runAtCaret("select * from parcels", 0, 0, 0, false);
        var result = vm.currentProperty().get();
        assertThat(result.stateProperty().get()).isEqualTo(RunState.DONE);
        assertThat(result.rows()).hasSize(InMemoryConsolePort.ROWS);
        assertThat(result.rowCountProperty().get()).isEqualTo(InMemoryConsolePort.ROWS);
        assertThat(result.summaryProperty().get()).isEqualTo("150 rows · 4.2 ms");
        assertThat(result.hasSpatialColumn()).isTrue();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(history.visible()).extracting(QueryHistory.Entry::sql).containsExactly("select * from parcels");
    }

    @Test
    void theMapsQueryThisViewRunsThroughTheSameSessionRunAsTheEditor() {
        vm.runAtCaret("select * from parcels", 0, 0, 0, false);
        var parcels = vm.currentProperty().get();
        assertThat(parcels.requeryOffered()).isTrue();

        parcels.requery(org.kfm.breakglass.spatial.DerivedQuery.inView(
                parcels.statement().sql(),
                "geom",
                25832,
                new org.kfm.breakglass.spatial.Viewport(390000, 5519000, 1, 1000, 1000),
                200_000));

        assertThat(session.statements)
                .containsExactly(
                        "select * from parcels",
                        "SELECT * FROM (\nselect * from parcels\n) AS q\nWHERE q.\"geom\" && "
                                + "ST_MakeEnvelope(390000, 5519000, 391000, 5520000, 25832)\nLIMIT 200000");
        var requeried = vm.currentProperty().get();
        assertThat(requeried).isNotSameAs(parcels);
        assertThat(requeried.stateProperty().get()).isEqualTo(RunState.DONE);
        assertThat(vm.results()).hasSize(2);
    }

    @Test
    void onlyTheStatementAtTheCaretIsSent() {
        String text = "select 1;\nselect * from parcels where id = 2;\nselect 3";
        vm.runAtCaret(text, text.indexOf("parcels"), 0, 0, false);
        assertThat(session.statements).containsExactly("select * from parcels where id = 2");
    }

    @Test
    void aSelectionRunsEveryStatementInIt() {
        String text = "select 1; select 2; select 3";
        vm.runAtCaret(text, 0, 0, text.indexOf("; select 3"), false);
        assertThat(session.statements).containsExactly("select 1", "select 2");
        assertThat(vm.results()).hasSize(2);
    }

    @Test
    void errorPositionMapsToTheEditorOffsetOfTheFailingStatement() {
        String text = "select 1;\n\n  select nosuchcolumn from parcels;\nselect 3";
        vm.runScript(text);
        var failed = vm.currentProperty().get();
        assertThat(failed.stateProperty().get()).isEqualTo(RunState.FAILED);
        assertThat(failed.errorProperty().get().sqlstate()).isEqualTo("42703");
        assertThat(vm.errorMarkProperty().get().editorOffset()).isEqualTo(text.indexOf("nosuchcolumn"));
        assertThat(session.statements)
                .as("the script stops at the failure")
                .containsExactly("select 1", "select nosuchcolumn from parcels");
        assertThat(vm.statusProperty().get()).contains("1 later statement(s) not run");
    }

    @Test
    void writeInReadOnlySessionIsShownAsDenied() {
        vm.runAtCaret("delete from parcels", 0, 0, 0, false);
        var result = vm.currentProperty().get();
        assertThat(result.stateProperty().get()).isEqualTo(RunState.FAILED);
        assertThat(result.summaryProperty().get()).startsWith("ERROR 42501: denied");
    }

    @Test
    void endedSessionDisablesRunning() {
        vm.sessionActiveProperty().set(false);
        assertThat(vm.canRunProperty().get()).isFalse();
        vm.runAtCaret("select 1", 0, 0, 0, false);
        assertThat(session.statements).isEmpty();
    }

    @Test
    void explainIsPassedToTheEngineAndMarkedInTheTitle() {
        vm.runAtCaret("select * from parcels", 0, 0, 0, true);
        assertThat(vm.currentProperty().get().title()).startsWith("EXPLAIN select");
        assertThat(vm.currentProperty().get().rows()).hasSize(2);
    }

    @Test
    void emptyEditorRunsNothingAndSaysSo() {
        vm.runAtCaret("  -- just a comment\n", 0, 0, 0, false);
        assertThat(session.statements).isEmpty();
        assertThat(vm.statusProperty().get()).startsWith("Nothing to run");
    }
}
