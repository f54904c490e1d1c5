// Linked as --post-js: the raw entry points as JS functions of strings, under
// the names wasm/loyalty-core.js and the demo call (Module._quoteCart(...)).
// Each string goes in as UTF-8 bytes in memory from malloc (byte for byte what
// embind did, which these replace) and the answer comes back as a string.
// A trap throws out of here; the caller drops the instance, so nothing is freed.
function loyaltyStrings(entry, texts, ...numbers) {
  var args = [], buffers = [];
  for (var text of texts) {
    if (typeof text != 'string') throw new TypeError('Cannot pass non-string to std::string');
    var size = lengthBytesUTF8(text), buffer = _malloc(size + 1);
    stringToUTF8(text, buffer, size + 1);
    buffers.push(buffer);
    args.push(buffer, size);
  }
  var answer = UTF8ToString(entry(...args, ...numbers));
  buffers.forEach(_free);
  return answer;
}
Module['_validateProgram'] = (program) => loyaltyStrings(_loyalty_validate_program, [program]);
Module['_quoteCart'] = (program, who, cart, now) => loyaltyStrings(_loyalty_quote_cart, [program, who, cart], now);
Module['_quoteProduct'] = (program, who, product, now) =>
  loyaltyStrings(_loyalty_quote_product, [program, who, product], now);
Module['_customerSummary'] = (program, state, cart, now) =>
  loyaltyStrings(_loyalty_customer_summary, [program, state, cart], now);
Module['_normalizeReferralCode'] = (code) => loyaltyStrings(_loyalty_normalize_referral_code, [code]);
Module['_cachedPrograms'] = () => _loyalty_cached_programs();
// Only the demo's build has simulate (-DLOYALTY_WASM_SIMULATE, see wasm/helpers.h).
if (typeof _loyalty_simulate != 'undefined')
  Module['_simulate'] = (program, orders, redeemingPercent, end) =>
    loyaltyStrings(_loyalty_simulate, [program, orders], redeemingPercent, end);
