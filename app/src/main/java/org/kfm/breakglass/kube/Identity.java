package org.kfm.breakglass.kube;

import java.util.List;

/**
 * Who the API server says the operator is (a {@code SelfSubjectReview}): recorded in the audit log as kubeUser.
 *
 * @param user   the authenticated user name
 * @param groups the groups the API server placed the user in
 */
public record Identity(String user, List<String> groups) {

    public Identity {
        user = user == null ? "" : user;
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
