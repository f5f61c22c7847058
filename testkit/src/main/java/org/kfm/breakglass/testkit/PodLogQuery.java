package org.kfm.breakglass.testkit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * The query of {@code GET /api/v1/namespaces/{ns}/pods/{pod}/log}, read and validated as the API server reads
 * {@code PodLogOptions}: {@code container}, {@code follow}, {@code previous}, {@code sinceSeconds} or
 * {@code sinceTime} (RFC 3339), {@code timestamps}, {@code tailLines}, {@code limitBytes}. Booleans take what Go's
 * {@code strconv.ParseBool} takes.
 */
record PodLogQuery(
        String container,
        boolean follow,
        boolean previous,
        Instant since,
        boolean timestamps,
        Long tailLines,
        Long limitBytes) {

    /** A request the API server answers with 400 or 422; {@code reason} is the Status reason. */
    static final class Invalid extends Exception {
        private final int code;

        Invalid(int code, String message) {
            super(message);
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    /** Whether {@link HttpsApiServer} must stream this request: a GET of a pod's log with {@code follow=true}. */
    static boolean isFollowRequest(String method, String uri) {
        if (!"GET".equalsIgnoreCase(method)) {
            return false;
        }
        ApiRequest req = ApiRequest.parse(method, uri);
        if (!req.isPodLog()) {
            return false;
        }
        try {
            return bool(req.query(), "follow");
        } catch (Invalid e) {
            return false; // the dispatcher answers the bad value
        }
    }

    static PodLogQuery parse(Map<String, String> query, Instant now) throws Invalid {
        String sinceTime = query.get("sinceTime");
        Long sinceSeconds = number(query, "sinceSeconds");
        if (sinceTime != null && sinceSeconds != null) {
            throw new Invalid(
                    422,
                    "PodLogOptions \"\" is invalid: [sinceSeconds: Forbidden: at most one of"
                            + " `sinceTime` or `sinceSeconds` may be specified]");
        }
        if (sinceSeconds != null && sinceSeconds < 1) {
            throw new Invalid(
                    422,
                    "PodLogOptions \"\" is invalid: sinceSeconds: Invalid value: " + sinceSeconds
                            + ": must be greater than 0");
        }
        Long tail = number(query, "tailLines");
        if (tail != null && tail < 0) {
            throw new Invalid(
                    422,
                    "PodLogOptions \"\" is invalid: tailLines: Invalid value: " + tail
                            + ": must be greater than or equal to 0");
        }
        Long limit = number(query, "limitBytes");
        if (limit != null && limit < 1) {
            throw new Invalid(
                    422,
                    "PodLogOptions \"\" is invalid: limitBytes: Invalid value: " + limit + ": must be greater than 0");
        }
        Instant since = null;
        if (sinceTime != null) {
            try {
                since = OffsetDateTime.parse(sinceTime).toInstant();
            } catch (DateTimeParseException e) {
                throw new Invalid(
                        400,
                        "parsing time \"" + sinceTime + "\" as \"2006-01-02T15:04:05Z07:00\": not an RFC 3339 time");
            }
        } else if (sinceSeconds != null) {
            since = now.minusSeconds(sinceSeconds);
        }
        String container = query.get("container");
        return new PodLogQuery(
                container == null || container.isEmpty() ? null : container,
                bool(query, "follow"),
                bool(query, "previous"),
                since,
                bool(query, "timestamps"),
                tail,
                limit);
    }

    private static boolean bool(Map<String, String> query, String key) throws Invalid {
        String v = query.get(key);
        if (v == null || v.isEmpty()) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "t", "true" -> true;
            case "0", "f", "false" -> false;
            default -> throw new Invalid(400, "strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
        };
    }

    private static Long number(Map<String, String> query, String key) throws Invalid {
        String v = query.get(key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new Invalid(400, "strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }
}
