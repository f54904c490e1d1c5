-- One schema for SQLite and PostgreSQL. {{ID}} is the only dialect word:
-- "INTEGER PRIMARY KEY AUTOINCREMENT" (SQLite) or "BIGSERIAL PRIMARY KEY" (PostgreSQL).
CREATE TABLE shops (
  id TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  previous_secret TEXT NOT NULL DEFAULT '',
  previous_secret_until BIGINT NOT NULL DEFAULT 0,
  api_key_hash TEXT NOT NULL,
  origins TEXT NOT NULL DEFAULT '',
  code_seed BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);

CREATE TABLE programs (
  shop TEXT NOT NULL REFERENCES shops(id),
  version BIGINT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop, version)
);

CREATE TABLE customers (
  shop TEXT NOT NULL REFERENCES shops(id),
  id TEXT NOT NULL,
  profile TEXT NOT NULL DEFAULT '{}',
  referral_code TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  next_check_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (shop, id)
);
CREATE INDEX customers_due ON customers (shop, next_check_at);
CREATE INDEX customers_code ON customers (shop, referral_code);

-- Append-only. Balance, pending and tier are derived from it by the core.
CREATE TABLE ledger (
  seq {{ID}},
  shop TEXT NOT NULL,
  customer TEXT NOT NULL,
  key TEXT NOT NULL,
  event_id TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL,
  at BIGINT NOT NULL,
  points BIGINT NOT NULL DEFAULT 0,
  pending BIGINT NOT NULL DEFAULT 0,
  value BIGINT NOT NULL DEFAULT 0,
  program_version BIGINT NOT NULL,
  order_id TEXT NOT NULL DEFAULT '',
  reward_id TEXT NOT NULL DEFAULT '',
  tier TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  UNIQUE (shop, customer, key)
);
CREATE INDEX ledger_customer ON ledger (shop, customer, seq);
CREATE INDEX ledger_order ON ledger (shop, order_id);

-- Deliveries already processed (Shopify webhook id, WooCommerce delivery, generic event).
CREATE TABLE deliveries (
  shop TEXT NOT NULL,
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  outcome TEXT NOT NULL,
  PRIMARY KEY (shop, source, id)
);

-- Answers to requests with an Idempotency-Key (redemptions, actions).
CREATE TABLE idempotency (
  shop TEXT NOT NULL,
  customer TEXT NOT NULL,
  key TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop, customer, key)
);

CREATE TABLE referral_visits (
  shop TEXT NOT NULL,
  code TEXT NOT NULL,
  day BIGINT NOT NULL,
  visits BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (shop, code, day)
);
