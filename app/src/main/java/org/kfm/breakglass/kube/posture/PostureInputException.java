package org.kfm.breakglass.kube.posture;

/**
 * The objects to judge could not be read: unreadable or malformed YAML, an unreachable cluster,
 * a refused list call. The message says what failed and what to do; it never carries Secret data.
 */
public final class PostureInputException extends RuntimeException {
    public PostureInputException(String message) {
        super(message);
    }

    public PostureInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
