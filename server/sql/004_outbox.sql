-- Outgoing notifications. A shop's receivers (URLs it registered, each with the
-- secret its deliveries are signed with); the outbox, written in the same
-- transaction as the ledger entries that caused each notification (one row per
-- customer and key: a second cause of the same notice writes nothing); and one
-- delivery per notification and receiver, retried with backoff until it is
-- delivered or dead (then listed for the merchant, who can replay it).
CREATE TABLE receivers (
  id {{ID}},
  shop TEXT NOT NULL REFERENCES shops(id),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX receivers_shop ON receivers (shop);

CREATE TABLE outbox (
  id {{ID}},
  shop TEXT NOT NULL,
  customer TEXT NOT NULL,
  key TEXT NOT NULL,
  type TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (shop, customer, key)
);

-- status: 'pending', 'delivered' or 'dead'. Times in milliseconds.
CREATE TABLE outbox_deliveries (
  notification BIGINT NOT NULL,
  receiver BIGINT NOT NULL,
  shop TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  delivered_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (notification, receiver)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries (status, next_attempt_at);
CREATE INDEX outbox_deliveries_shop ON outbox_deliveries (shop, status);
