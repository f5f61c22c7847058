-- Cluster-wide roles, least privilege. Idempotent: creates missing roles, then (re)asserts
-- their attributes and passwords. Passwords are psql variables, never literals in this file.
--   kfm_owner  : owns the schemas and objects; the only role that runs DDL (migrations)
--   kfm_writer : INSERT/UPDATE/DELETE (and therefore COPY FROM) on the owner's tables; no DDL
--   kfm_reader : SELECT only; the break-glass console's default (read-only) role
SELECT format('CREATE ROLE %I', r)
  FROM unnest(ARRAY['kfm_owner', 'kfm_writer', 'kfm_reader']) AS r
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r)
\gexec

ALTER ROLE kfm_owner  LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_password';
ALTER ROLE kfm_writer LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'writer_password';
ALTER ROLE kfm_reader LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'reader_password';

-- A reader session stays read-only even if someone grants it more by mistake.
ALTER ROLE kfm_reader SET default_transaction_read_only = on;
