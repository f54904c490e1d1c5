// The JSON type the core speaks. Natively nlohmann::json; in the wasm build a
// small compatible value (mini_json.h) that keeps the widget inside its size
// budget. Both parse the same texts to the same values and dump them to the
// same bytes (tests/wasm checks that on generated cases).
#pragma once

#ifdef LOYALTY_MINI_JSON
#include "loyalty/mini_json.h"
namespace loyalty {
using json = mini::Json;
}
#else
#include <nlohmann/json.hpp>
namespace loyalty {
using json = nlohmann::json;
}
#endif
