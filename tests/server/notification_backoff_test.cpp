// The real retry schedule of notification deliveries, with the real figures
// (the other notification tests shorten it with --delivery-backoff-ms).
#include <catch2/catch.hpp>

#include "auth/outgoing_signature.h"
#include "service/notification_backoff.h"

using namespace loyalty::server;

TEST_CASE("notification backoff: 10 s doubling to an hour, dead after 15 attempts, 6 h 25 min in all", "[notifications]") {
  const DeliveryPolicy p;  // the defaults loyalty-server runs with
  const std::int64_t expected[] = {10'000, 20'000, 40'000, 80'000, 160'000, 320'000, 640'000, 1'280'000, 2'560'000,
                                   3'600'000, 3'600'000, 3'600'000, 3'600'000, 3'600'000};
  std::int64_t total = 0;
  for (int failures = 1; failures <= 14; ++failures) {
    CHECK(retry_delay_ms(failures, p) == expected[failures - 1]);
    CHECK_FALSE(gives_up(failures, p));
    total += retry_delay_ms(failures, p);
  }
  CHECK(gives_up(15, p));
  CHECK(total == (6 * 3600 + 25 * 60 + 10) * 1000);  // from the first attempt to the last
  // Far past the cap, no overflow.
  CHECK(retry_delay_ms(1000, p) == 3'600'000);
  DeliveryPolicy fast{100, 400, 3, 1000};
  CHECK(retry_delay_ms(1, fast) == 100);
  CHECK(retry_delay_ms(3, fast) == 400);
  CHECK(retry_delay_ms(4, fast) == 400);
}

TEST_CASE("notification signature: HMAC-SHA256 over timestamp.body; a changed byte, a stale or future time fail", "[notifications]") {
  const std::string body = R"({"id":"ntf_1","type":"points_earned"})";
  const std::string sig = outgoing_signature("s3cret-s3cret-s3cret", 1795896000, body);
  CHECK(sig.size() == 64);
  CHECK(verify_outgoing("s3cret-s3cret-s3cret", "1795896000", sig, body, 1795896100));
  CHECK_FALSE(verify_outgoing("s3cret-s3cret-s3cret", "1795896000", sig, body + " ", 1795896100));
  CHECK_FALSE(verify_outgoing("another-secret-xx", "1795896000", sig, body, 1795896100));
  CHECK_FALSE(verify_outgoing("s3cret-s3cret-s3cret", "1795896001", sig, body, 1795896100));  // the time is signed
  CHECK_FALSE(verify_outgoing("s3cret-s3cret-s3cret", "1795896000", sig, body, 1795896000 + 301));
  CHECK_FALSE(verify_outgoing("s3cret-s3cret-s3cret", "1795896000", sig, body, 1795896000 - 301));
  CHECK_FALSE(verify_outgoing("s3cret-s3cret-s3cret", "-1795896000", sig, body, 1795896000));
}
