-- Shopper notes move into the customer's row (customers.notes), which every
-- write to the customer rewrites anyway: 006's table cost each order its own
-- B-trees (the table, its unique key, its unseen index), 0.81 of the webhook
-- rate (BENCHMARKS.md "Webhooks after the shopper notes"). The column holds
-- {"last": the last note id given, "notes": [{"id", "key", "until", "seen", "note"}]}
-- (until: shown_until, seen: seen_at, note: the core's notification JSON), or ''
-- for none. Kept: the unseen notes, and seen ones that could be caused again
-- (shown_until > 0: points expiring, told once) until they are moot.
-- PostgreSQL does the same in 008_shopper_notes_in_customers.postgres.sql.
ALTER TABLE customers ADD COLUMN notes TEXT NOT NULL DEFAULT '';
-- "last" counts every note the customer had, so an id is never given twice.
UPDATE customers SET notes = (
  SELECT json_object('last', max(n.id), 'notes',
           json_group_array(json_object('id', n.id, 'key', n.key, 'until', n.shown_until, 'seen', n.seen_at,
                                        'note', json(n.body))) FILTER (WHERE n.seen_at = 0 OR n.shown_until > 0))
  FROM (SELECT * FROM shopper_notes WHERE shop = customers.shop AND customer = customers.id ORDER BY id) n)
WHERE EXISTS (SELECT 1 FROM shopper_notes WHERE shop = customers.shop AND customer = customers.id);
DROP TABLE shopper_notes;
