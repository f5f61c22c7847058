package org.kfm.breakglass.endpoint.upstream;

/** pgaudit's statement classes, as the session's classifier gives them. */
public enum AuditClass {
    READ,
    WRITE,
    DDL,
    ROLE,
    FUNCTION,
    MISC
}
