-- Win-back offers made (issue 15): one row per customer and lapse, written when
-- the core's win_back_offer notice is produced (the timer's tick, or any other
-- write while the lapse is open), in that transaction, whether or not the shop
-- registered receivers. The key is the notice's ("win_back:<last order at>"):
-- a second tick, a retried transaction or a second server writes nothing. The
-- merchant's win-back analytics count these rows, so a later change to the
-- program's churn_days or offer leaves the offers already made as they were.
-- last_order_at: the order before the lapse (the key's); starts_at, expires_at:
-- the offer's window as the core stated it (expires_at exclusive); kind
-- 'bonus_points' or 'reward' with the offer's terms. Times in epoch seconds.
CREATE TABLE win_back_offers (
  shop TEXT NOT NULL,
  customer TEXT NOT NULL,
  key TEXT NOT NULL,
  last_order_at BIGINT NOT NULL,
  offered_at BIGINT NOT NULL,
  starts_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  bonus_points BIGINT NOT NULL DEFAULT 0,
  reward_id TEXT NOT NULL DEFAULT '',
  reward_cost BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (shop, customer, key)
);
