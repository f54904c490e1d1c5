// Linked after embind (--js-library): embind registers every builtin C++ type
// with JS at start-up, which keeps their converters in the glue. No binding
// here takes or returns bool, std::wstring/u16string/u32string, typed-array
// memory views, emscripten::val or 64-bit BigInt integers (they take and
// return std::string, double and int), so those registrations are no-ops and
// their code is dropped: about 1 KB gzip of glue. A binding that starts using
// one of these types fails at load with embind's "unbound type" error; then
// remove its line here.
mergeInto(LibraryManager.library, {
  _embind_register_bool: function () {},
  _embind_register_std_wstring: function () {},
  _embind_register_memory_view: function () {},
  _embind_register_emval: function () {},
  _embind_register_bigint: function () {},
});
