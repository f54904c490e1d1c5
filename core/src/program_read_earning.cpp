// The program's earning sections: "earn" (points per amount, rounding, what
// counts as spend), "multipliers" and "campaigns".
#include "program_read.h"

namespace loyalty {

namespace {

ProductSelector read_selector(JsonReader& r, const json& obj, const std::string& at, const char* key) {
  ProductSelector s;
  std::string here;
  const json* v = r.object_member(obj, at, key, false, {"products", "collections", "tags"}, here);
  if (!v) return s;
  s.products = r.id_list(*v, here, "products");
  s.collections = r.id_list(*v, here, "collections");
  s.tags = r.id_list(*v, here, "tags");
  return s;
}

}  // namespace

void read_earn(JsonReader& r, const json& root, Program& p) {
  std::string at;
  const json* e = r.object_member(root, "", "earn", true, {"points", "per_amount", "rounding", "round_per_line", "basis"}, at);
  if (!e) return;
  p.earn.points = r.amount<Points>(*e, at, "points", true, 1, 0, 1000000);
  p.earn.per_amount = r.amount<Money>(*e, at, "per_amount", false, 100, 1, kMaxAmount);
  p.earn.rounding = read_enum(r, *e, at, "rounding", Rounding::Floor, kRoundingNames);
  p.earn.round_per_line = r.boolean(*e, at, "round_per_line", false);
  std::string bat;
  if (const json* b = r.object_member(*e, at, "basis", false, {"after_discounts", "exclude_tax", "exclude_shipping",
                                      "exclude_gift_cards", "include_test_orders", "excluded"}, bat)) {
    p.earn.basis.after_discounts = r.boolean(*b, bat, "after_discounts", true);
    p.earn.basis.exclude_tax = r.boolean(*b, bat, "exclude_tax", true);
    p.earn.basis.exclude_shipping = r.boolean(*b, bat, "exclude_shipping", true);
    p.earn.basis.exclude_gift_cards = r.boolean(*b, bat, "exclude_gift_cards", true);
    p.earn.basis.include_test_orders = r.boolean(*b, bat, "include_test_orders", false);
    p.earn.basis.excluded = read_selector(r, *b, bat, "excluded");
  }
}

void read_multipliers(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "multipliers", 200, [&](const json& m, const std::string& at) {
    r.only_keys(m, at, {"id", "name", "applies_to", "percent"});
    ProductMultiplier pm;
    pm.id = r.id(m, at, "id", true);
    pm.name = r.text(m, at, "name", false, pm.id);
    pm.applies_to = read_selector(r, m, at, "applies_to");
    if (pm.applies_to.empty() && r.member(m, at, "applies_to", false) == nullptr)
      r.fail(pointer_child(at, "applies_to"), LOYALTY_WHY("is required (which products, collections or tags)"));
    pm.percent = r.integer(m, at, "percent", true, 100, 0, kMaxPercent);
    p.multipliers.push_back(std::move(pm));
  });
  require_unique(r, p.multipliers, "/multipliers", "id", [](const ProductMultiplier& m) { return m.id; });
}

void read_campaigns(JsonReader& r, const json& root, Program& p) {
  each_object(r, root, "", "campaigns", 200, [&](const json& c, const std::string& at) {
    r.only_keys(c, at, {"id", "name", "starts_at", "ends_at", "weekdays", "applies_to", "percent", "bonus_points", "min_spend"});
    Campaign k;
    k.id = r.id(c, at, "id", true);
    k.name = r.text(c, at, "name", false, k.id);
    k.starts_at = r.instant(c, at, "starts_at", true);
    k.ends_at = r.instant(c, at, "ends_at", true);
    if (k.ends_at <= k.starts_at && r.member(c, at, "ends_at", false))
      r.fail(pointer_child(at, "ends_at"), LOYALTY_WHY("must be after " + pointer_child(at, "starts_at")));
    if (const json* w = r.member(c, at, "weekdays", false)) {
      const std::string wat = pointer_child(at, "weekdays");
      if (r.is_array(*w, wat, 7))
        for (size_t i = 0; i < w->size(); ++i) k.weekdays.push_back(static_cast<int>(r.integer_value((*w)[i], pointer_index(wat, i), 0, 6)));
    }
    k.applies_to = read_selector(r, c, at, "applies_to");
    k.percent = r.integer(c, at, "percent", false, 100, 0, kMaxPercent);
    k.bonus_points = r.amount<Points>(c, at, "bonus_points", false, 0, 0, kMaxPoints);
    k.min_spend = r.amount<Money>(c, at, "min_spend", false, 0, 0, kMaxAmount);
    if (k.percent == 100 && k.bonus_points == 0)
      r.fail(at, LOYALTY_WHY("does nothing: set percent (other than 100) or bonus_points"));
    p.campaigns.push_back(std::move(k));
  });
  require_unique(r, p.campaigns, "/campaigns", "id", [](const Campaign& c) { return c.id; });
}

}  // namespace loyalty
