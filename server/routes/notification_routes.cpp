// The merchant's notification routes (auth/guard.h has checked the shop's API
// key): receivers, a customer's notifications, dead letters and their replay.
#include "auth/guard.h"
#include "routes/router.h"
#include "service/errors.h"

namespace loyalty::server {

void install_notification_routes(Router& r, const RouteContext& ctx) {
  NotificationService& service = ctx.services.notifications;
  auto now = ctx.now;
  const auto route = [&](const char* method, const char* pattern, const char* name,
                         std::function<void(const HttpRequest&, HttpResponse&, const ShopRecord&)> handler) {
    r.add(method, pattern, name, for_merchant(ctx.find_shop, std::move(handler)));
  };
  const auto answer = [](HttpResponse& res, const Outcome& o) { render_json(res, o.status, o.body); };
  route("POST", R"(/api/v1/admin/shops/([^/]+)/receivers)", "admin_add_receiver",
        [&service, now, answer](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
          answer(res, service.add_receiver(shop.id, req.body, now()));
        });
  route("GET", R"(/api/v1/admin/shops/([^/]+)/receivers)", "admin_receivers",
        [&service, answer](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) { answer(res, service.receivers(shop.id)); });
  route("DELETE", R"(/api/v1/admin/shops/([^/]+)/receivers/([^/]+))", "admin_remove_receiver",
        [&service, answer](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
          answer(res, service.remove_receiver(shop.id, req.matches[2]));
        });
  route("GET", R"(/api/v1/admin/shops/([^/]+)/customers/([^/]+)/notifications)", "admin_customer_notifications",
        [&service, answer](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
          const std::string& customer = req.matches[2];
          if (!valid_id(customer)) throw ApiError(400, "bad customer id", "");
          answer(res, service.of_customer(shop.id, customer));
        });
  route("GET", R"(/api/v1/admin/shops/([^/]+)/notifications/dead)", "admin_dead_notifications",
        [&service, answer](const HttpRequest&, HttpResponse& res, const ShopRecord& shop) { answer(res, service.dead(shop.id)); });
  route("POST", R"(/api/v1/admin/shops/([^/]+)/notifications/([^/]+)/deliveries/([^/]+)/replay)", "admin_replay_notification",
        [&service, answer](const HttpRequest& req, HttpResponse& res, const ShopRecord& shop) {
          answer(res, service.replay(shop.id, req.matches[2], req.matches[3]));
        });
}

}  // namespace loyalty::server
