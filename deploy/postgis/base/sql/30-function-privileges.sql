-- The server agrees with the console: built-in functions with side effects that a read-only role must not
-- call are not executable by PUBLIC. Run as the bootstrap superuser in every database (template1 and postgres
-- included, so databases created later inherit it). Idempotent; plain SQL without psql variables, so the
-- test harness runs this very file too. One REVOKE per function and signature (PostgreSQL 15's catalog);
-- the posture rule function-privileges checks that each is here.
-- Each group is granted back to kfm_owner, who runs maintenance; server-side file access is not (it stays with
-- the superuser, as PostgreSQL 15 ships it).

-- Signalling: a reader could cancel or terminate other sessions of its own role.
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) TO kfm_owner;

-- Advisory locks: a reader could hold locks the applications wait for.
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock_shared(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock_shared(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_shared(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_shared(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_all() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock_shared(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_lock_shared(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_shared(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_shared(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_unlock_all() TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_advisory_xact_lock_shared(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_lock_shared(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_try_advisory_xact_lock_shared(integer, integer) TO kfm_owner;

-- Large objects: a reader could create, write and keep objects it owns (read-only transactions stop the
-- writes; the revoke stops the calls).
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_open(oid, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_close(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.loread(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lowrite(integer, bytea) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_lseek(integer, integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_lseek64(integer, bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_tell(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_tell64(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_truncate(integer, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_truncate64(integer, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_creat(integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_create(oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_unlink(oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_from_bytea(oid, bytea) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_get(oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_get(oid, bigint, integer) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_put(oid, bigint, bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_open(oid, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_close(integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.loread(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lowrite(integer, bytea) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_lseek(integer, integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_lseek64(integer, bigint, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_tell(integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_tell64(integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_truncate(integer, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_truncate64(integer, bigint) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_creat(integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_create(oid) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_unlink(oid) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_from_bytea(oid, bytea) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_get(oid) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_get(oid, bigint, integer) TO kfm_owner;
GRANT EXECUTE ON FUNCTION pg_catalog.lo_put(oid, bigint, bytea) TO kfm_owner;

-- Notify: a reader could send notifications the applications act on.
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION pg_catalog.pg_notify(text, text) TO kfm_owner;

-- Server files, and large objects to and from server files: PostgreSQL 15 already revokes these from PUBLIC;
-- stated here so a changed default or a careless GRANT is undone on the next run. Not granted to anyone.
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_import(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_import(text, oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.lo_export(oid, text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_file(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_file(text, bigint, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_file(text, bigint, bigint, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text, boolean, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_file(text) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_file(text, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_logdir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_waldir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_tmpdir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_tmpdir(oid) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_archive_statusdir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_logicalsnapdir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_logicalmapdir() FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION pg_catalog.pg_ls_replslotdir(text) FROM PUBLIC;
