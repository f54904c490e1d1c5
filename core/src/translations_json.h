// Private: the program's optional "translations": the shop's own texts (its
// name, reward, tier, perk, action, campaign, multiplier and membership
// names) in other languages, for the storefront. Display only: the core never
// reads them beyond checking them.
//   "translations": {"ro": {"/name": "Cercul Atelier Nord", "/rewards/1/name": "Livrare gratuită"}}
// Each language tag maps JSON Pointers into this program to the translated
// text; a pointer must name a string that is a name or a perk.
#pragma once
#include "json_reader.h"

namespace loyalty {

// The valid texts go into *out, an object of languages (those with any).
void read_translations(JsonReader& r, const json& root, json* out);

}  // namespace loyalty
