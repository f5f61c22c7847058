package org.kfm.breakglass.cli;

import picocli.CommandLine.Command;

/**
 * The root of {@code breakglass}. Exit codes: 0 ok, 1 a check found a problem (posture, audit verify),
 * 2 bad usage or justification, 3 access denied (RBAC, 401, audit sink down, expired), 4 connection failed,
 * 5 SQL error.
 */
@Command(
        name = "breakglass",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Audited break-glass access to the stage PostGIS database in Kubernetes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:ok",
            "1:a check found a problem",
            "2:bad usage or justification",
            "3:access denied",
            "4:connection failed",
            "5:SQL error"
        })
public final class BreakglassCommand {}
