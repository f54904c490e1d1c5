-- A shop's Shopify domain (the app proxy's signed `shop` must name it).
ALTER TABLE shops ADD COLUMN shopify_domain TEXT NOT NULL DEFAULT '';
-- A secret per purpose (shopify, woocommerce, generic, shopper), each rotated on
-- its own. A purpose without a row here uses shops.secret, the shop's one
-- secret from before, so existing shops keep working until they rotate.
CREATE TABLE shop_secrets (
  shop TEXT NOT NULL REFERENCES shops(id),
  purpose TEXT NOT NULL,
  secret TEXT NOT NULL,
  previous_secret TEXT NOT NULL DEFAULT '',
  previous_secret_until BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (shop, purpose)
);
-- What request an idempotency key was first used with (SHA-256 hex); '' for
-- keys stored before this column, which match any request.
ALTER TABLE idempotency ADD COLUMN request_hash TEXT NOT NULL DEFAULT '';
