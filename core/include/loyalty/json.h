// The JSON type the core speaks, in the native and the wasm build alike: a
// small value (mini_json.h) that keeps the widget inside its size budget and
// that the core's code cannot use beyond its interface in one build only.
// nlohmann::json lives only at the server's edge (server/service/json_body.h
// converts); tests/core/mini_json_test.cpp checks that this value reads and
// writes every text exactly as nlohmann does.
#pragma once

#include "loyalty/mini_json.h"

namespace loyalty {
using json = mini::Json;
}
