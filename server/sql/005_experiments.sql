-- A/B tests of showing points (issue 15). Times are epoch seconds; the
-- experiment runs while starts_at <= now < ends_at.
CREATE TABLE experiments (
  shop TEXT NOT NULL REFERENCES shops(id),
  id TEXT NOT NULL,
  shown_basis_points BIGINT NOT NULL,
  minimum_effect_basis_points BIGINT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (shop, id)
);

-- A visitor's first exposure to an experiment, one row per visitor: a repeated
-- beacon inserts nothing. subject_kind 'customer' (a signed customer id, which
-- orders are attributed to) or 'visitor' (an anonymous id from the shop's storage).
CREATE TABLE experiment_exposures (
  shop TEXT NOT NULL,
  experiment TEXT NOT NULL,
  subject_kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  variant TEXT NOT NULL,
  first_at BIGINT NOT NULL,
  PRIMARY KEY (shop, experiment, subject_kind, subject)
);

-- Orders of exposed customers placed while the experiment ran, after their
-- first exposure, written in the order webhook's own transaction.
CREATE TABLE experiment_orders (
  shop TEXT NOT NULL,
  experiment TEXT NOT NULL,
  order_id TEXT NOT NULL,
  customer TEXT NOT NULL,
  variant TEXT NOT NULL,
  value BIGINT NOT NULL,
  at BIGINT NOT NULL,
  PRIMARY KEY (shop, experiment, order_id)
);
CREATE INDEX experiment_orders_variant ON experiment_orders (shop, experiment, variant, customer);
