-- Shopper notes move into the customer's row: see 008_shopper_notes_in_customers.sqlite.sql.
ALTER TABLE customers ADD COLUMN notes TEXT NOT NULL DEFAULT '';
UPDATE customers c SET notes = n.doc
FROM (SELECT shop, customer,
             json_build_object('last', max(id), 'notes',
               COALESCE(json_agg(json_build_object('id', id, 'key', key, 'until', shown_until, 'seen', seen_at,
                                                   'note', body::json) ORDER BY id)
                          FILTER (WHERE seen_at = 0 OR shown_until > 0), '[]'::json))::text AS doc
      FROM shopper_notes GROUP BY shop, customer) n
WHERE c.shop = n.shop AND c.id = n.customer;
DROP TABLE shopper_notes;
