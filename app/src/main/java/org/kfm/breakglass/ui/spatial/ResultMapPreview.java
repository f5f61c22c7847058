package org.kfm.breakglass.ui.spatial;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import org.kfm.breakglass.session.ResultReceiver.ColumnInfo;
import org.kfm.breakglass.spatial.DerivedQuery;
import org.kfm.breakglass.spatial.GeometryRow;
import org.kfm.breakglass.ui.BackgroundWork;
import org.kfm.breakglass.ui.FxUiThread;
import org.kfm.breakglass.ui.VirtualThreadWork;
import org.kfm.breakglass.ui.results.ResultViewModel;
import org.kfm.breakglass.ui.results.SpatialPreviewFactory;

/**
 * The map beside a result table: feeds the result's geometry columns into a {@link SpatialPreviewViewModel} as the
 * rows stream in, and keeps the map and the table's {@link org.kfm.breakglass.ui.results.RowSelection} in step.
 */
public final class ResultMapPreview implements SpatialPreviewFactory {
    private final BackgroundWork work;

    public ResultMapPreview(BackgroundWork work) {
        this.work = work;
    }

    /** The production preview: decoding and planning on named virtual threads. */
    public static ResultMapPreview onVirtualThreads() {
        return new ResultMapPreview(new VirtualThreadWork(new FxUiThread()));
    }

    @Override
    public Node create(ResultViewModel result) {
        var model = new SpatialPreviewViewModel(work);
        var view = new SpatialPreviewView(model);
        view.setId("spatial-preview");
        new Feed(result, model).start();
        model.setOnRowSelected(row -> result.selection().select(row));
        result.onMapViews(model::takeViewedExtents);
        if (result.requeryOffered()) {
            String sql = result.statement().sql();
            // The re-query's text (journaled in its query.begin) carries the GiST warning the toolbar shows.
            model.setOnViewQueryRequested((column, srid, box) -> {
                var source = model.mapSource();
                String warning = source == null ? "" : source.gistWarning();
                String derived = DerivedQuery.inView(sql, column, srid, box, ResultViewModel.DISPLAY_LIMIT);
                // Inside the statement (the journal keeps no comment before it); "*/" in a name cannot close it.
                String note = "/* warning: " + warning.replace("*/", "* /").replace("/*", "/ *") + " */ ";
                result.requery(
                        warning.isEmpty()
                                ? derived
                                : derived.replaceFirst(
                                        "^SELECT ", "SELECT " + java.util.regex.Matcher.quoteReplacement(note)));
            });
            askWhereTheColumnsCameFrom(result, model);
            model.setOnReprojectRequested((column, srid) -> result.requery(DerivedQuery.reprojected(sql, column)));
        }
        result.selection().selected().addListener((ListChangeListener<Integer>)
                c -> model.highlightRows(result.selection().selected()));
        return view;
    }

    /**
     * Once the result is complete (one statement at a time on the session's link), asks the session where each
     * geometry column came from: EXPLAIN and the index catalog, journaled as statements of their own (ADR 0025).
     */
    private void askWhereTheColumnsCameFrom(ResultViewModel result, SpatialPreviewViewModel model) {
        Runnable ask = () -> {
            List<ColumnInfo> columns = result.columns();
            for (int i = 0; i < columns.size(); i++) {
                if (!columns.get(i).spatial()) {
                    continue;
                }
                String column = columns.get(i).name();
                int position = i;
                work.submit(
                        "map-source",
                        () -> result.mapSource(column, position),
                        model::setMapSource,
                        failure -> model.mapSourceUnknown(
                                column, "the session could not say (" + failure.getMessage() + ")"));
            }
        };
        if (result.stateProperty().get() == org.kfm.breakglass.ui.results.RunState.DONE) {
            ask.run();
        } else {
            result.stateProperty().addListener((obs, old, now) -> {
                if (now == org.kfm.breakglass.ui.results.RunState.DONE) {
                    ask.run();
                } else if (now != org.kfm.breakglass.ui.results.RunState.RUNNING) {
                    columnsNotAsked(result, model, "the statement did not complete");
                }
            });
        }
    }

    private static void columnsNotAsked(ResultViewModel result, SpatialPreviewViewModel model, String why) {
        for (ColumnInfo column : result.columns()) {
            if (column.spatial()) {
                model.mapSourceUnknown(column.name(), why);
            }
        }
    }

    /**
     * Streams every row's geometry cells into the model, in arrival order, off the FX thread and off the engine's
     * streaming thread: the feed is the result's {@link org.kfm.breakglass.ui.results.RowStream}, so the map sees
     * every row whatever the grid keeps.
     */
    private static final class Feed implements org.kfm.breakglass.ui.results.RowStream {
        private final ResultViewModel result;
        private final SpatialPreviewViewModel model;
        private final List<Integer> geometryIndexes = new ArrayList<>();
        private final List<String> geometryNames = new ArrayList<>();
        // One thread per result keeps batches (and the final complete) in order.
        private final ExecutorService feeder = Executors.newSingleThreadExecutor(
                Thread.ofVirtual().name("map-feed").factory());

        Feed(ResultViewModel result, SpatialPreviewViewModel model) {
            this.result = result;
            this.model = model;
        }

        void start() {
            List<ColumnInfo> columns = result.columns();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).spatial()) {
                    geometryIndexes.add(i);
                    geometryNames.add(columns.get(i).name());
                }
            }
            model.beginResult(geometryNames, -1);
            result.streamRows(this);
        }

        @Override
        public void rows(long firstRow, List<List<Object>> rows) {
            feeder.execute(() -> {
                for (int c = 0; c < geometryIndexes.size(); c++) {
                    int column = geometryIndexes.get(c);
                    var cells = new ArrayList<GeometryRow>(rows.size());
                    for (int r = 0; r < rows.size(); r++) {
                        List<Object> row = rows.get(r);
                        Object value = column < row.size() ? row.get(column) : null;
                        cells.add(new GeometryRow(
                                Math.toIntExact(firstRow + r), value == null ? null : value.toString()));
                    }
                    model.append(geometryNames.get(c), cells);
                }
            });
        }

        @Override
        public void end(boolean complete) {
            feeder.execute(() -> {
                if (!complete) {
                    model.markIncomplete();
                }
                geometryNames.forEach(model::complete);
            });
            feeder.shutdown();
        }
    }
}
