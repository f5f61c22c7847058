package org.kfm.breakglass.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What comparing a journal with its witness found.
 *
 * @param witness           the witness's name
 * @param findings          every difference, in session order
 * @param compared          witnessed sessions of the journal's workstations that were compared
 * @param localInScope      local sessions the witness should have seen
 * @param since             start time of the earliest compared witnessed session (when the witness began); null
 *                          when it holds none
 * @param otherWorkstations witnessed sessions of other workstations (not compared), per {@code osUser@host}
 */
public record WitnessReport(
        String witness,
        List<WitnessFinding> findings,
        int compared,
        int localInScope,
        Instant since,
        Map<String, Integer> otherWorkstations) {

    public WitnessReport {
        findings = List.copyOf(findings);
        otherWorkstations = Map.copyOf(otherWorkstations);
    }

    /**
     * True when nothing differs and the witness had something to compare: a witness that holds no session of a
     * journal with sessions in its scope vouches for nothing.
     */
    public boolean ok() {
        return findings.isEmpty() && !(compared == 0 && localInScope > 0);
    }

    /** One line for the CLI. */
    public String summary() {
        var text = new StringBuilder();
        text.append(witness).append(": ");
        if (compared == 0) {
            text.append("holds no session of this journal's workstation(s)");
            if (localInScope > 0) {
                text.append(" though ")
                        .append(localInScope)
                        .append(" local session(s) are in its scope: nothing vouched for");
            }
        } else {
            text.append(compared)
                    .append(" witnessed session(s) compared since ")
                    .append(since)
                    .append(", ")
                    .append(findings.size())
                    .append(" finding(s)");
        }
        if (!otherWorkstations.isEmpty()) {
            text.append("; not compared (other workstations): ");
            text.append(String.join(
                    ", ",
                    otherWorkstations.entrySet().stream()
                            .sorted(Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + " (" + e.getValue() + ")")
                            .toList()));
        }
        return text.toString();
    }
}
