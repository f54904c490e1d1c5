// embind's start-up registration of the builtin C++ types, for this build
// without RTTI (-fno-rtti: embind then names a type by a per-type address,
// emscripten's LightTypeID, instead of its std::type_info). It stands in for
// the one C++ file of emscripten's libembind (system/lib/embind/bind.cpp),
// which this build does not link (wasm/CMakeLists.txt links embind's JS
// without `--bind`). Why: bind.cpp registers every builtin type (wide
// strings, memory views, val, 64-bit integers: their JS stays in the glue)
// and, without RTTI, names an unbound type with sprintf, which links printf;
// here only the types the bindings take and return are registered, and the
// name is written by hand. A binding that starts using another type fails at
// load with embind's "unbound type" error: register it below.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>

namespace {

using emscripten::internal::TypeID;

template <typename T>
void register_integer(const char* name) {
  emscripten::internal::_embind_register_integer(TypeID<T>::get(), name, sizeof(T), std::numeric_limits<T>::min(),
                                                 std::numeric_limits<T>::max());
}

}  // namespace

extern "C" {

// A type's name for embind's "unbound type" error: its id in hex (as bind.cpp
// writes it without RTTI). embind's JS frees the returned string.
EMSCRIPTEN_KEEPALIVE char* __getTypeName(const void* type) {
  char* out = static_cast<char*>(std::malloc(2 + 2 * sizeof(uintptr_t) + 1));
  if (!out) return nullptr;
  uintptr_t v = reinterpret_cast<uintptr_t>(type);
  char* p = out;
  *p++ = '0';
  *p++ = 'x';
  for (int shift = static_cast<int>(sizeof(v) * 8) - 4; shift >= 0; shift -= 4) *p++ = "0123456789abcdef"[(v >> shift) & 15];
  *p = '\0';
  return out;
}

EMSCRIPTEN_KEEPALIVE __attribute__((constructor)) void __embind_register_native_and_builtin_types() {
  using namespace emscripten::internal;
  _embind_register_void(TypeID<void>::get(), "void");
  register_integer<int>("int");
  _embind_register_float(TypeID<double>::get(), "double", sizeof(double));
  _embind_register_std_string(TypeID<std::string>::get(), "std::string");
}

}  // extern "C"
