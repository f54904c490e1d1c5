// The JS face of the wasm core: wraps the raw embind entry points
// (`_quoteCart`...) so that every call takes objects or JSON text, returns
// `{ok, value, json}` or `{ok:false, error, errors}`, and never throws.
// Types and docs: loyalty-core.d.ts.

/**
 * Seconds since the epoch from a Date or a number of seconds (now when
 * absent). ISO strings are read by the core's own parser inside the API, as
 * the CLI reads them (Date.parse would take 2026-02-30 and offset-less times).
 */
export function toSeconds(now) {
  if (now instanceof Date) return Math.floor(now.getTime() / 1000);
  if (typeof now === 'number') return now;
  if (typeof now === 'string') return NaN;  // see createLoyaltyCore: strings go to the core
  return Math.floor(Date.now() / 1000);
}

const text = (v) => (v == null ? '' : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * A raw entry point's answer as a Result: "1" + the value's JSON text, or
 * "0" + a JSON array of {pointer, message} (wasm/helpers.h).
 */
export function decodeResult(raw) {
  if (raw[0] === '1') {
    const json = raw.slice(1);
    return { ok: true, value: JSON.parse(json), json };
  }
  const errors = JSON.parse(raw.slice(1));
  return { ok: false, error: errors.map((e) => (e.pointer || '/') + ': ' + e.message).join('\n'), errors };
}

/**
 * Loads the wasm module through its emscripten factory and returns the API.
 * `moduleOptions` goes to the factory (wasmBinary, locateFile, instantiateWasm).
 */
export async function createLoyaltyCore(factory, moduleOptions = {}) {
  let module = await factory({ ...moduleOptions });
  let reloading = null;

  // A trap (abort, out of memory) leaves the instance unusable: answer with
  // an error and load a fresh instance for the next call.
  function call(name, args) {
    if (!module) return { ok: false, error: 'the loyalty engine is restarting', errors: [] };
    if (typeof module[name] !== 'function') return { ok: false, error: `${name.slice(1)} is not in this build`, errors: [] };
    try {
      return decodeResult(module[name](...args));
    } catch (e) {
      module = null;
      reloading ||= factory({ ...moduleOptions }).then((m) => { module = m; reloading = null; }, () => { reloading = null; });
      return { ok: false, error: 'the loyalty engine stopped: ' + (e && e.message ? e.message : String(e)), errors: [] };
    }
  }

  // `now` in seconds, a string read by the core's ISO 8601 parser; its error as a Result.
  function timed(name, args, now) {
    if (typeof now !== 'string') return call(name, [...args, toSeconds(now)]);
    const t = call('_parseTime', [now]);
    return t.ok ? call(name, [...args, t.value]) : t;
  }

  return {
    validateProgram: (program) => call('_validateProgram', [text(program)]),
    quoteCart: (program, who, cart, now) => timed('_quoteCart', [text(program), text(who), text(cart)], now),
    quoteProduct: (program, who, product, now) => timed('_quoteProduct', [text(program), text(who), text(product)], now),
    customerSummary: (program, state, cart, now) => timed('_customerSummary', [text(program), text(state), text(cart)], now),
    normalizeReferralCode: (code) => call('_normalizeReferralCode', [String(code ?? '')]),
    cachedPrograms: () => (module ? module._cachedPrograms() : 0),
    ready: () => reloading || Promise.resolve(),
  };
}
