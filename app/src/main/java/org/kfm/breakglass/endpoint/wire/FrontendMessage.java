package org.kfm.breakglass.endpoint.wire;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The client messages of protocol 3.0, decoded from a {@link Frame} by {@link FrontendDecoder}. */
public sealed interface FrontendMessage {

    /** {@code Q}: one string that may hold several statements. */
    record Query(String sql) implements FrontendMessage {}

    /** {@code P}: a statement text under a name ({@code ""} is the unnamed statement). */
    record Parse(String statement, String sql, List<Integer> parameterTypes) implements FrontendMessage {
        public Parse {
            parameterTypes = List.copyOf(parameterTypes);
        }
    }

    /**
     * {@code B}: a portal from a statement and its parameter values ({@code null} is SQL NULL) with their format
     * codes (0 text, 1 binary; none means all text, one applies to all).
     */
    record Bind(
            String portal,
            String statement,
            List<Integer> parameterFormats,
            List<byte[]> parameters,
            List<Integer> resultFormats)
            implements FrontendMessage {
        public Bind {
            parameterFormats = List.copyOf(parameterFormats);
            parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
            resultFormats = List.copyOf(resultFormats);
        }

        /** The format code that applies to parameter {@code index}. */
        public int formatOf(int index) {
            return switch (parameterFormats.size()) {
                case 0 -> 0;
                case 1 -> parameterFormats.get(0);
                default -> parameterFormats.get(index);
            };
        }
    }

    /** {@code E}: run a portal, at most {@code maxRows} rows (0: all). */
    record Execute(String portal, int maxRows) implements FrontendMessage {}

    /** {@code D}: describe a statement ({@code S}) or a portal ({@code P}). */
    record Describe(char kind, String name) implements FrontendMessage {}

    /** {@code C}: close a statement ({@code S}) or a portal ({@code P}). */
    record Close(char kind, String name) implements FrontendMessage {}

    /** {@code S}: end of an extended-query batch. */
    record Sync() implements FrontendMessage {}

    /** {@code H}: send what is pending. */
    record Flush() implements FrontendMessage {}

    /** {@code d}: COPY data. */
    record CopyData(int length) implements FrontendMessage {}

    /** {@code c}: end of COPY FROM STDIN data. */
    record CopyDone() implements FrontendMessage {}

    /** {@code f}: the client gives up a COPY FROM STDIN. */
    record CopyFail(String message) implements FrontendMessage {}

    /** {@code F}: the fast-path function call. */
    record FunctionCall(int functionOid, List<Integer> argumentFormats, List<byte[]> arguments, int resultFormat)
            implements FrontendMessage {
        public FunctionCall {
            argumentFormats = List.copyOf(argumentFormats);
            arguments = Collections.unmodifiableList(new ArrayList<>(arguments));
        }
    }

    /** {@code X}: the client leaves. */
    record Terminate() implements FrontendMessage {}
}
