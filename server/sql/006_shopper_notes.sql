-- Shopper notes (issue 15): what the core's notices tell the shopper in the
-- widget ("You earned 120 points for order #1042"), written in the same
-- transaction as the ledger entries that caused them, one row per customer and
-- notice key (a second cause of the same notice writes nothing). Kept apart
-- from the outbox, which only holds what a shop's receivers will get. A row
-- stays after it is dismissed (seen_at > 0), so the same notice is never shown
-- twice. shown_until: epoch seconds after which the note is moot (points
-- expiring soon, once they expired), 0 for never. Times in epoch seconds.
CREATE TABLE shopper_notes (
  id {{ID}},
  shop TEXT NOT NULL,
  customer TEXT NOT NULL,
  key TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  shown_until BIGINT NOT NULL DEFAULT 0,
  seen_at BIGINT NOT NULL DEFAULT 0,
  UNIQUE (shop, customer, key)
);
CREATE INDEX shopper_notes_unseen ON shopper_notes (shop, customer, seen_at, id);
