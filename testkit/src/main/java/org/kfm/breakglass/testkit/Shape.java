package org.kfm.breakglass.testkit;

import java.util.List;
import java.util.Locale;

/**
 * What {@link FakeCluster} seeds in namespace {@code kfm-stage}: the seed's stage overlay, one PostgreSQL cluster
 * of an operator (CloudNativePG, Zalando, Crunchy PGO v5), or all of them side by side. Every shape has the
 * namespace, its NetworkPolicies and the witness RBAC; operator clusters have two instances, a primary on
 * LocalPostgis's primary server and a replica on its hot standby (started for them).
 */
public enum Shape {
    /** The seed's stage overlay only ({@code svc/postgis}, {@code postgis-0}); the default. */
    SEED,
    /** CloudNativePG {@code Cluster} {@value CnpgCluster#NAME}. */
    CNPG,
    /** Zalando {@code postgresql} {@value ZalandoCluster#NAME}. */
    ZALANDO,
    /** Crunchy PGO v5 {@code PostgresCluster} {@value CrunchyCluster#NAME}. */
    CRUNCHY,
    /** The seed and one cluster of each operator, all in {@code kfm-stage}, sharing LocalPostgis and its standby. */
    ALL;

    boolean hasSeed() {
        return this == SEED || this == ALL;
    }

    List<Shape> operators() {
        return switch (this) {
            case SEED -> List.of();
            case ALL -> List.of(CNPG, ZALANDO, CRUNCHY);
            default -> List.of(this);
        };
    }

    /** {@code seed}, {@code cnpg}, ... as the command line names it. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The shape a command line names, case-insensitive ({@code seed|cnpg|zalando|crunchy|all}). */
    public static Shape parse(String name) {
        for (Shape s : values()) {
            if (s.cliName().equalsIgnoreCase(name.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown shape '" + name + "': use seed, cnpg, zalando, crunchy or all");
    }
}
