package org.kfm.breakglass.kube;

/**
 * The pod and container port a forward goes to, chosen by {@link TargetResolver}. The UID identifies this very
 * pod instance: a replaced pod with the same name has a new UID (audited as old/new pod UID).
 *
 * @param name              pod name
 * @param uid               pod UID
 * @param containerPort     the container port number
 * @param containerPortName the container port's name, empty when it has none
 */
public record ResolvedPod(String name, String uid, int containerPort, String containerPortName) {

    public ResolvedPod {
        containerPortName = containerPortName == null ? "" : containerPortName;
    }
}
