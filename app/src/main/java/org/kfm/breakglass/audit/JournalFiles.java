package org.kfm.breakglass.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Names and orders journal files: {@code journal-YYYY-MM-DD.jsonl}, then {@code journal-YYYY-MM-DD.1.jsonl},
 * {@code .2.jsonl} … when a day's file passes the size limit. Chain order is (day, index).
 */
public final class JournalFiles {

    private static final Pattern NAME = Pattern.compile("journal-(\\d{4}-\\d{2}-\\d{2})(?:\\.(\\d+))?\\.jsonl");

    private JournalFiles() {}

    /** The file name for a day and rotation index (0 = the day's first file). */
    static String name(LocalDate day, int index) {
        return index == 0 ? "journal-" + day + ".jsonl" : "journal-" + day + "." + index + ".jsonl";
    }

    /** Day and index of a journal file name, if it is one. */
    static Optional<FileKey> key(Path file) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
            return Optional.empty();
        }
        int index = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return Optional.of(new FileKey(LocalDate.parse(m.group(1)), index));
    }

    /** The journal files in a directory in chain order (torn fragments and other files are left out). */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> key(p).isPresent() && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(p -> key(p).orElseThrow()))
                    .toList();
        }
    }

    /**
     * Expands files and directories into the files to verify. Journal-named files are put in chain order
     * (stable, so two same-named files from different directories keep the given order); if any file is not
     * journal-named, the given order is kept as is.
     *
     * @throws IOException naming a path that does not exist
     */
    public static List<Path> expand(List<Path> paths) throws IOException {
        var files = new ArrayList<Path>();
        for (var p : paths) {
            if (Files.isDirectory(p)) {
                files.addAll(list(p));
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw new IOException("audit journal path " + p + " does not exist or is not a file/directory");
            }
        }
        if (files.stream().allMatch(p -> key(p).isPresent())) {
            files.sort(Comparator.comparing(p -> key(p).orElseThrow()));
        }
        return files;
    }

    /** A journal file's position in the chain. */
    record FileKey(LocalDate day, int index) implements Comparable<FileKey> {
        @Override
        public int compareTo(FileKey o) {
            int c = day.compareTo(o.day);
            return c != 0 ? c : Integer.compare(index, o.index);
        }
    }
}
