// The store: the connection pool, the migrations, and one repository per
// aggregate over the Conn interface (queries written once for SQLite and
// PostgreSQL), the cached ones wrapped in their cache. Services take a
// connection, open transactions on it (db.h) and call the repositories.
#pragma once
#include <cstddef>
#include <string>

#include "storage/cached_shops.h"
#include "storage/customer_repo.h"
#include "storage/db.h"
#include "storage/delivery_repo.h"
#include "storage/idempotency_repo.h"
#include "storage/ledger_cache.h"
#include "storage/note_repo.h"
#include "storage/outbox_repo.h"
#include "storage/receiver_repo.h"
#include "storage/win_back_offer_repo.h"

namespace loyalty::server {

class Store {
 public:
  explicit Store(const std::string& url, size_t max_connections = 64);
  Pool::Lease conn() { return pool_.get(); }
  std::string kind();
  // Runs every migration not yet applied, each once, under a lock.
  void migrate();
  // One cheap statement: the store answers (/healthz).
  void ping();

  CachedShops& shops() { return shops_; }
  CustomerRepo& customers() { return customers_; }
  CachedLedgers& ledgers() { return ledgers_; }  // customers' ledgers through the parsed-ledger cache
  DeliveryRepo& deliveries() { return deliveries_; }
  IdempotencyRepo& idempotency() { return idempotency_; }
  OutboxRepo& outbox() { return outbox_; }
  ReceiverRepo& receivers() { return receivers_; }
  NoteRepo& notes() { return notes_; }
  WinBackOfferRepo& win_back_offers() { return win_back_offers_; }

 private:
  Pool pool_;
  CachedShops shops_{pool_};
  CustomerRepo customers_;
  CachedLedgers ledgers_{customers_};
  DeliveryRepo deliveries_;
  IdempotencyRepo idempotency_;
  OutboxRepo outbox_;
  ReceiverRepo receivers_;
  NoteRepo notes_;
  WinBackOfferRepo win_back_offers_;
};

}  // namespace loyalty::server
