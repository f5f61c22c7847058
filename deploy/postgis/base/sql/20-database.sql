-- Per database (psql variable dbname). Run as the bootstrap superuser, connected to that database.
-- PostGIS's install script refuses to run under pgaudit session logging (it asks for pgaudit.log = 'none' while it
-- installs); on a server without pgaudit this SET only sets an unused placeholder.
SET pgaudit.log = 'none';
CREATE EXTENSION IF NOT EXISTS postgis;
RESET pgaudit.log;

REVOKE ALL ON DATABASE :"dbname" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"dbname" TO kfm_owner, kfm_writer, kfm_reader;
GRANT CREATE ON DATABASE :"dbname" TO kfm_owner;

-- Only the owner may create objects; writer and reader may only use what the owner made.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE, CREATE ON SCHEMA public TO kfm_owner;
GRANT USAGE ON SCHEMA public TO kfm_writer, kfm_reader;

-- Objects that exist already (PostGIS's spatial_ref_sys, earlier migrations).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO kfm_reader, kfm_writer;
GRANT SELECT ON ALL SEQUENCES IN SCHEMA public TO kfm_reader;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO kfm_writer;

-- Objects the owner creates from now on (the migrations run as kfm_owner).
ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public
  GRANT SELECT ON TABLES TO kfm_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO kfm_writer;
ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public
  GRANT SELECT ON SEQUENCES TO kfm_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO kfm_writer;
ALTER DEFAULT PRIVILEGES FOR ROLE kfm_owner IN SCHEMA public
  GRANT EXECUTE ON FUNCTIONS TO kfm_writer, kfm_reader;
