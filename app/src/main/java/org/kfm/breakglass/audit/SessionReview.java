package org.kfm.breakglass.audit;

import java.util.UUID;

/**
 * The payload of {@code session.review}: someone other than the session's operator looked at a sealed session and
 * says what it was. The reviewer is the event's {@code operator}; the event itself belongs to no session (the
 * reviewed one is sealed, so nothing may follow its seal in it), which is why the reviewed session is named here.
 *
 * @param session        the reviewed session
 * @param verdict        {@code legitimate}, {@code drill} or {@code misuse}
 * @param note           what the reviewer says, as given
 * @param evidenceSha256 hex SHA-256 of the evidence pack's {@code manifest.json} the reviewer looked at (which
 *                       fixes every entry of the pack), or null when the review rests on the journal alone
 */
public record SessionReview(UUID session, String verdict, String note, String evidenceSha256) {

    public SessionReview {
        if (session == null) {
            throw new IllegalArgumentException("a review names the session it reviews");
        }
    }
}
