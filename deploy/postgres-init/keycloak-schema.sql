-- Keycloak keeps its tables in a schema of their own in the colink database (KC_DB_SCHEMA).
create schema if not exists keycloak authorization colink;
