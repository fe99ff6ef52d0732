#!/usr/bin/env bash
# A small live workload on the demo schema, about one transaction a second: new users and orders, payments that
# are captured or fail, cancelled orders and, now and then, a deleted account. Some of it matches the router's
# rules in config-examples/postgres-cdc-with-router.json (failed payment, big order, cancellation, deleted user).
set -uo pipefail
echo "Writing to $PGHOST/$PGDATABASE; stop with: docker compose stop shop-writer"
i=0
while true; do
  i=$((i + 1))
  psql -q -v ON_ERROR_STOP=1 -c "
    WITH u AS (
      INSERT INTO users (email, country)
      VALUES ('user$i-' || floor(random() * 1e9)::bigint || '@example.com',
              (ARRAY['US','GB','DE','FR','IN','BR'])[1 + floor(random() * 6)::int])
      RETURNING id
    ), o AS (
      INSERT INTO orders (user_id, amount_cents)
      SELECT id, CASE WHEN random() < 0.1 THEN 50000 + floor(random() * 100000)::bigint
                      ELSE 500 + floor(random() * 20000)::bigint END FROM u
      RETURNING id, amount_cents
    )
    INSERT INTO payments (order_id, amount_cents, method, status)
    SELECT id, amount_cents, (ARRAY['card','paypal','bank'])[1 + floor(random() * 3)::int],
           CASE WHEN random() < 0.1 THEN 'failed' ELSE 'captured' END FROM o;
    UPDATE orders SET status = 'paid', updated_at = now()
     WHERE id IN (SELECT order_id FROM payments WHERE status = 'captured') AND status = 'placed';
    UPDATE orders SET status = 'cancelled', updated_at = now()
     WHERE id = (SELECT id FROM orders WHERE status = 'placed' ORDER BY random() LIMIT 1) AND random() < 0.3;
    DELETE FROM users WHERE id = (SELECT id FROM users ORDER BY random() LIMIT 1) AND random() < 0.05;
  " || echo "write $i failed; retrying" >&2
  sleep 1
done
