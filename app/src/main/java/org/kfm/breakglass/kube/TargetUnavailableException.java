package org.kfm.breakglass.kube;

/**
 * The forward target cannot be used right now: the Service or pod is missing, no pod behind it is Ready, or the
 * requested port does not exist. Often temporary (a rollout), so callers may retry.
 */
public class TargetUnavailableException extends KubeAccessException {

    public TargetUnavailableException(String message) {
        super(message);
    }
}
