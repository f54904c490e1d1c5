// The outbox: notifications written in the transaction of the ledger entries
// that caused them, and their deliveries, one per notification and receiver
// (pending, delivered or dead). Delivery times are in milliseconds.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"

namespace loyalty::server {

struct OutboxDelivery {
  std::int64_t notification = 0;
  std::int64_t receiver = 0;
  std::string shop;
  std::string url;
  std::string secret;
  std::string type;
  std::string customer;
  std::string key;
  std::string body;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string status;
  std::string last_error;
};

struct OutboxNotification {
  std::int64_t id = 0;
  std::string customer;
  std::string key;
  std::string type;
  std::string body;
};

class OutboxRepo {
 public:
  // In the writing transaction: stores the notification unless the customer
  // has one with this key, and fans it out to the shop's receivers. True when new.
  bool add(Conn& c, const std::string& shop, const std::string& customer, const std::string& key, const std::string& type,
           const std::string& body, std::int64_t now, std::int64_t now_ms);
  // Pending deliveries due at `now_ms`, oldest due first.
  std::vector<OutboxDelivery> due(Conn& c, std::int64_t now_ms, int limit);
  // Takes a due delivery until `until_ms` (other workers, on any server, skip
  // it meanwhile): false when another took it first.
  bool claim(Conn& c, const OutboxDelivery& d, std::int64_t until_ms);
  void delivered(Conn& c, const OutboxDelivery& d, std::int64_t now_ms);
  // After a failed attempt: retried at `next_ms`, or dead.
  void failed(Conn& c, const OutboxDelivery& d, int attempts, std::int64_t next_ms, const std::string& error, bool dead);
  // The shop's dead deliveries, newest first.
  std::vector<OutboxDelivery> dead(Conn& c, const std::string& shop, int limit);
  // A dead delivery back to pending, due now, attempts from zero; false when
  // the shop has no such dead delivery.
  bool replay(Conn& c, const std::string& shop, std::int64_t notification, std::int64_t receiver, std::int64_t now_ms);
  // A customer's notifications, oldest first.
  std::vector<OutboxNotification> of_customer(Conn& c, const std::string& shop, const std::string& customer, int limit);
  // Deliveries of a shop's notification, any status.
  std::vector<OutboxDelivery> deliveries(Conn& c, const std::string& shop, std::int64_t notification);
};

}  // namespace loyalty::server
