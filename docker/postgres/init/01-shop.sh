#!/usr/bin/env bash
# The demo schema captured by config-examples/postgres-cdc-with-router.json (public.users, orders, payments) and
# the CDC connector's role. Runs once, when the postgres service initialises its data volume.
set -euo pipefail

password=$(sed -n 's/^password=//p' /etc/kafka-connect/secrets/postgres.properties)
if [ -z "$password" ]; then
  echo "No password= line in /etc/kafka-connect/secrets/postgres.properties" >&2
  exit 1
fi

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" -v cdc_password="$password" <<'SQL'
-- The tables belong to shop_owner; cdc_reader is a member so that it may create and alter the connector's
-- publication (publication.autocreate.mode=filtered), and may read them for the initial snapshot.
CREATE ROLE shop_owner NOLOGIN;
CREATE ROLE cdc_reader WITH LOGIN REPLICATION PASSWORD :'cdc_password';
GRANT shop_owner TO cdc_reader;
GRANT CREATE ON DATABASE shop TO cdc_reader;

CREATE TABLE public.users (
  id          bigserial PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  country     char(2) NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.orders (
  id            bigserial PRIMARY KEY,
  user_id       bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  amount_cents  bigint NOT NULL,
  status        text NOT NULL DEFAULT 'placed',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.payments (
  id            bigserial PRIMARY KEY,
  order_id      bigint NOT NULL REFERENCES public.orders (id) ON DELETE CASCADE,
  amount_cents  bigint NOT NULL,
  method        text NOT NULL,
  status        text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
-- Old values of updated and deleted rows in the change events.
ALTER TABLE public.users REPLICA IDENTITY FULL;
ALTER TABLE public.orders REPLICA IDENTITY FULL;
ALTER TABLE public.payments REPLICA IDENTITY FULL;
ALTER TABLE public.users OWNER TO shop_owner;
ALTER TABLE public.orders OWNER TO shop_owner;
ALTER TABLE public.payments OWNER TO shop_owner;

-- A few rows for the initial snapshot.
INSERT INTO public.users (email, country) VALUES
  ('ada@example.com', 'GB'), ('grace@example.com', 'US'), ('linus@example.com', 'FI');
INSERT INTO public.orders (user_id, amount_cents, status) VALUES
  (1, 1999, 'paid'), (2, 74900, 'paid'), (3, 4500, 'placed');
INSERT INTO public.payments (order_id, amount_cents, method, status) VALUES
  (1, 1999, 'card', 'captured'), (2, 74900, 'card', 'captured'), (3, 4500, 'paypal', 'failed');
SQL
