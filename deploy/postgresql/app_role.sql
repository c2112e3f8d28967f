-- The application's database role: everything the app servers, Celery workers and
-- beat need, and no way to rewrite or remove the audit log.
--
-- Two roles (see README, "Deploying: database roles"):
--   owner  owns the tables; runs `manage.py migrate` (jembatan-migrate.service reads
--          its DATABASE_URL from /etc/jembatan/owner.env); could drop the audit
--          triggers, so its password is kept away from the app hosts.
--   app    DATABASE_URL of jembatan-web, -worker and -beat; owns nothing.
--
-- Once, as a superuser:   CREATE ROLE jembatan_app LOGIN PASSWORD '...';
-- Then, as the owner, after the first migrate and again after any migration that
-- creates the audit tables anew:
--   psql "$OWNER_DATABASE_URL" -v app=jembatan_app -f deploy/postgresql/app_role.sql
-- audit/tests/test_models.py runs these statements and proves the revokes hold
-- with the triggers off.
\set ON_ERROR_STOP on

GRANT USAGE ON SCHEMA public TO :"app";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO :"app";
-- Tables and sequences later migrations create (as the owner) are the app's to use too.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO :"app";

-- The audit log is written and read, never changed: the triggers of audit 0005 refuse
-- it too, but only a role that owns nothing cannot switch them off.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_auditentry FROM :"app";
-- A chain's head moves forward as entries are added (UPDATE, and the row lock a
-- writer takes); a chain is never removed.
REVOKE DELETE, TRUNCATE ON audit_auditchain FROM :"app";
