-- SQLite only (a name ending in .sqlite.sql is skipped on PostgreSQL).
-- The ledger table is stored in seq order, which is arrival order: one customer's
-- entries sit on as many table pages as it has entries, each a random read. This
-- index carries the body too, so the per-customer reads (the state call, the
-- activity pages, every write's re-read under the customer lock) are one contiguous
-- range of it, a few pages whatever the table size, and never touch the table.
-- It has ledger_customer's columns first, so it replaces it.
CREATE INDEX ledger_customer_rows ON ledger (shop, customer, seq, body);
DROP INDEX ledger_customer;
