-- InfoSharing's PostgreSQL roles (decision 0018). Run once per cluster as a superuser, for example:
--   psql -v migrator_password="'...'" -v app_password="'...'" -v database=infosharing -f deploy/postgres/roles.sql
-- (deploy/local/services.sh does, with passwords generated into the state dir's secrets.)
--   infosharing_migrator  owns the database's schemas and tables; runs `InfoSharing.Worker.dll migrate`.
--   infosharing_app       what the worker and the API connect as: owns nothing; migrate grants it DML on the
--                         service's tables and, on the audit schema, SELECT and INSERT only.
SELECT format('CREATE ROLE infosharing_migrator LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS PASSWORD %s', :'migrator_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infosharing_migrator') \gexec
SELECT format('CREATE ROLE infosharing_app LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB NOBYPASSRLS PASSWORD %s', :'app_password')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'infosharing_app') \gexec
SELECT format('ALTER ROLE infosharing_migrator PASSWORD %s', :'migrator_password') \gexec
SELECT format('ALTER ROLE infosharing_app PASSWORD %s', :'app_password') \gexec
SELECT format('CREATE DATABASE %I OWNER infosharing_migrator', :'database')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO infosharing_app', :'database') \gexec
