// The JS face of the wasm core: wraps the raw embind entry points
// (`_quoteCart`...) so that every call takes objects or JSON text, returns
// `{ok, value, json}` or `{ok:false, error, errors}`, and never throws.
// Types and docs: loyalty-core.d.ts.

/** Seconds since the epoch from a Date, a number of seconds or an ISO string. */
export function toSeconds(now) {
  if (now instanceof Date) return Math.floor(now.getTime() / 1000);
  if (typeof now === 'string') return Math.floor(Date.parse(now) / 1000);
  if (typeof now === 'number') return now;
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
    try {
      return decodeResult(module[name](...args));
    } catch (e) {
      module = null;
      reloading ||= factory({ ...moduleOptions }).then((m) => { module = m; reloading = null; }, () => { reloading = null; });
      return { ok: false, error: 'the loyalty engine stopped: ' + (e && e.message ? e.message : String(e)), errors: [] };
    }
  }

  return {
    validateProgram: (program) => call('_validateProgram', [text(program)]),
    quoteCart: (program, who, cart, now) => call('_quoteCart', [text(program), text(who), text(cart), toSeconds(now)]),
    quoteProduct: (program, who, product, now) =>
      call('_quoteProduct', [text(program), text(who), text(product), toSeconds(now)]),
    customerSummary: (program, state, cart, now) =>
      call('_customerSummary', [text(program), text(state), text(cart), toSeconds(now)]),
    normalizeReferralCode: (code) => call('_normalizeReferralCode', [String(code ?? '')]),
    cachedPrograms: () => (module ? module._cachedPrograms() : 0),
    ready: () => reloading || Promise.resolve(),
  };
}
