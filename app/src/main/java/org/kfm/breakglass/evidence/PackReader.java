package org.kfm.breakglass.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads an evidence pack's entries, refusing anything a pack never holds. A zip names its entries twice — in the
 * local headers an extracting stream reads and in the central directory an archive viewer lists — so both are
 * read and must agree name for name and byte for byte: otherwise what the verifier checked would not be what a
 * reviewer opens.
 */
final class PackReader {

    /** Larger than any pack entry the writer makes; stops a zip bomb before it fills memory. */
    static final long MAX_ENTRY_BYTES = 256L * 1024 * 1024;

    /** A pack that is not one; the message says what is wrong with it. */
    static final class NotAPack extends Exception {
        NotAPack(String message) {
            super(message);
        }
    }

    private PackReader() {}

    static Map<String, byte[]> read(Path pack) throws IOException, NotAPack {
        var central = new LinkedHashMap<String, byte[]>();
        try (var zip = new ZipFile(pack.toFile())) {
            var all = zip.entries();
            while (all.hasMoreElements()) {
                var entry = all.nextElement();
                admit(central, entry.getName(), entry.isDirectory());
                try (var in = zip.getInputStream(entry)) {
                    central.put(entry.getName(), bytes(in, entry.getName()));
                }
            }
        } catch (ZipException e) {
            throw new NotAPack(pack + " is not a zip file (" + e.getMessage() + ")");
        }
        var local = new LinkedHashMap<String, byte[]>();
        try (var in = new ZipInputStream(java.nio.file.Files.newInputStream(pack))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                admit(local, entry.getName(), entry.isDirectory());
                local.put(entry.getName(), bytes(in, entry.getName()));
            }
        } catch (ZipException e) {
            throw new NotAPack(pack + " is not a readable zip file (" + e.getMessage() + ")");
        }
        if (!local.keySet().equals(central.keySet())) {
            throw new NotAPack("the zip's local entries " + local.keySet() + " differ from its central directory "
                    + central.keySet() + ": the file was built to show a viewer other entries than it holds");
        }
        for (var e : central.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), local.get(e.getKey()))) {
                throw new NotAPack("entry " + e.getKey() + " reads differently through the zip's central directory"
                        + " and its local header: the file was built to show a viewer other bytes than it holds");
            }
        }
        return central;
    }

    private static void admit(Map<String, byte[]> seen, String name, boolean directory) throws NotAPack {
        if (directory || !EvidencePack.NAMES.contains(name)) {
            throw new NotAPack("the zip holds '" + org.kfm.breakglass.text.TerminalText.escape(name)
                    + "', which no evidence pack holds");
        }
        if (seen.containsKey(name)) {
            throw new NotAPack("the zip holds " + name + " twice: which one a reader sees depends on the reader");
        }
    }

    private static byte[] bytes(InputStream in, String name) throws IOException, NotAPack {
        byte[] b = in.readNBytes((int) MAX_ENTRY_BYTES + 1);
        if (b.length > MAX_ENTRY_BYTES) {
            throw new NotAPack(
                    name + " is larger than " + (MAX_ENTRY_BYTES >> 20) + " MiB: not a pack this console wrote");
        }
        return b;
    }
}
