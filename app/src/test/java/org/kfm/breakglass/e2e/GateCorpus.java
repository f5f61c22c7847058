package org.kfm.breakglass.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** The statement gate's regression corpus, {@code gate-corpus.tsv} (its header documents the format). */
final class GateCorpus {
    /** What the gate and the server must do with a case. */
    enum Verdict {
        RUNS(0),
        SERVER_REFUSES(5),
        DENIED(3),
        UNSENDABLE(2),
        BAD_INPUT(2);

        final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /**
     * One case.
     *
     * @param deniedClass for {@link Verdict#DENIED}, the class the refusal is journaled with
     * @param scsOff run against the database with {@code standard_conforming_strings = off}
     */
    record Case(String name, Verdict verdict, String deniedClass, boolean scsOff, String sql) {
        @Override
        public String toString() {
            return name;
        }
    }

    private GateCorpus() {}

    static List<Case> load() {
        try (InputStream in = GateCorpus.class.getResourceAsStream("gate-corpus.tsv")) {
            if (in == null) {
                throw new IllegalStateException("gate-corpus.tsv is missing from the test class path");
            }
            var cases = new ArrayList<Case>();
            var names = new HashSet<String>();
            int lineNumber = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] field = line.split("\t", -1);
                if (field.length != 4) {
                    throw new IllegalStateException(
                            "gate-corpus.tsv:" + lineNumber + ": expected 4 tab-separated fields");
                }
                if (!names.add(field[0])) {
                    throw new IllegalStateException("gate-corpus.tsv:" + lineNumber + ": duplicate name " + field[0]);
                }
                String[] verdict = field[1].split(":");
                cases.add(new Case(
                        field[0],
                        Verdict.valueOf(verdict[0]),
                        verdict.length > 1 ? verdict[1] : null,
                        field[2].equals("scs=off"),
                        unescape(field[3])));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unescape(String s) {
        var out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '0' -> out.append('\0');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalStateException("unknown escape \\" + next + " in " + s);
            }
        }
        return out.toString();
    }
}
