package org.kfm.breakglass.sql;

/** pgaudit's statement classes, used for the audit record's {@code stmt.class} and the session's policy. */
public enum StatementClass {
    /** SELECT, VALUES, TABLE, SHOW, COPY … TO, EXPLAIN without ANALYZE. */
    READ,
    /** INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY … FROM, data-modifying CTEs. */
    WRITE,
    /** CREATE/ALTER/DROP of objects, COMMENT, SELECT … INTO. */
    DDL,
    /** GRANT, REVOKE, CREATE/ALTER/DROP ROLE, SET ROLE, SET SESSION AUTHORIZATION. */
    ROLE,
    /** DO, CALL, SELECT of a known side-effecting function. */
    FUNCTION,
    /** SET, RESET, transaction control, VACUUM, ANALYZE, LISTEN, … and anything unrecognised. */
    MISC
}
