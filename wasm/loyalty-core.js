// The one JS face of the wasm core, used by the widget (in its worker, or on
// the page), the demo and the tests: it wraps the raw embind entry points
// (`_quoteCart`...) so that every call takes objects or JSON text, returns
// `{ok, value, json}` or `{ok:false, error, errors}`, and never throws.
// Types and docs: loyalty-core.d.ts.
//
// The envelope: every raw entry point (wasm/helpers.h, CallResult) returns
// one string, read only here (decode, onProgram):
//   "1" + JSON   the value (the JSON text as the core wrote it, byte-identical to native)
//   "0" + JSON   [{pointer, message}]: the inputs' errors
//   "2"          no program is loaded under that key (never loaded, evicted, or the
//                engine restarted): load it again from its text and ask again
//
// A program is parsed once (loadProgram) and kept under a key; quotes name the
// key instead of sending and comparing the program's text every time.

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
const failed = (error) => ({ ok: false, error, errors: [] });
const NOT_LOADED = '2';

/** An envelope as a Result (NOT_LOADED is the caller's to handle). */
function decode(raw) {
  if (raw[0] === '1') {
    const json = raw.slice(1);
    return { ok: true, value: JSON.parse(json), json };
  }
  const errors = JSON.parse(raw.slice(1));
  return { ok: false, error: errors.map((e) => (e.pointer || '/') + ': ' + e.message).join('\n'), errors };
}

/** How many program texts the face remembers by key (the wasm keeps the last 4 parsed). */
const KEPT = 16;

/**
 * Loads the wasm module through its emscripten factory and returns the API.
 * `moduleOptions` goes to the factory (wasmBinary, locateFile, instantiateWasm);
 * `firstKey` is the key of the first program loaded (then 1 more each).
 * Long: about 90 lines, one closure over one module instance and its program
 * keys, which its small functions share; split, they would pass that state around.
 */
export async function createLoyaltyCore(factory, moduleOptions = {}, firstKey = 1) {
  let module = await factory({ ...moduleOptions });
  let reloading = null;
  // Program text -> loadProgram's Result (its value holds the key), and key ->
  // text: a text is parsed once, and loaded again (from here) when the wasm
  // dropped it or restarted. The last KEPT texts are remembered.
  const byText = new Map();
  const byKey = new Map();
  let nextKey = firstKey;  // the widget's two builds number apart (web/src/shared/core-router.js)

  // A trap (abort, out of memory) leaves the instance unusable: answer with
  // an error and load a fresh instance for the next call.
  function raw(name, args) {
    if (!module) return failed('the loyalty engine is restarting');
    if (typeof module[name] !== 'function') return failed(`${name.slice(1)} is not in this build`);
    try {
      return module[name](...args);
    } catch (e) {
      module = null;
      reloading ||= factory({ ...moduleOptions }).then((m) => { module = m; reloading = null; }, () => { reloading = null; });
      return failed('the loyalty engine stopped: ' + (e && e.message ? e.message : String(e)));
    }
  }
  const call = (name, args) => {
    const r = raw(name, args);
    return typeof r === 'string' ? decode(r) : r;
  };

  /** Parses a program once per text: {ok, value: {key, shop, name, version, currency, minor_digits}} or its errors. */
  function loadProgram(program) {
    const t = text(program);
    const known = byText.get(t);
    if (known) return known;
    const key = nextKey++;
    const r = call('_loadProgram', [key, t]);
    const result = r.ok ? { ...r, value: { key, ...r.value } } : r;
    if (!r.ok && !r.errors.length) return result;  // the engine stopped: not the program's fault, ask again later
    byText.set(t, result);
    if (r.ok) byKey.set(key, t);
    if (byText.size > KEPT) {
      const [oldText, old] = byText.entries().next().value;
      byText.delete(oldText);
      if (old.ok) byKey.delete(old.value.key);
    }
    return result;
  }

  // A call on a loaded program: `program` is a key from loadProgram, or a
  // program (text or object), loaded first. Loaded again when the wasm has
  // dropped it (evicted, or a restart after a trap).
  function onProgram(name, program, args) {
    let key = program;
    if (typeof program !== 'number') {
      const loaded = loadProgram(program);
      if (!loaded.ok) return loaded;
      key = loaded.value.key;
    }
    if (!byKey.has(key)) return { ok: false, error: '/program: not loaded', errors: [{ pointer: '/program', message: 'not loaded' }] };
    let r = raw(name, [key, ...args]);
    if (r === NOT_LOADED) {
      const again = call('_loadProgram', [key, byKey.get(key)]);
      if (!again.ok) return again;
      r = raw(name, [key, ...args]);
    }
    return typeof r === 'string' ? decode(r) : r;
  }

  // `now` in seconds, a string read by the core's ISO 8601 parser; its error as a Result.
  function timed(name, program, args, now) {
    if (typeof now !== 'string') return onProgram(name, program, [...args, toSeconds(now)]);
    const t = call('_parseTime', [now]);
    return t.ok ? onProgram(name, program, [...args, t.value]) : t;
  }

  return {
    loadProgram,
    validateProgram: loadProgram,
    quoteCart: (program, who, cart, now) => timed('_quoteCart', program, [text(who), text(cart)], now),
    quoteProduct: (program, who, product, now) => timed('_quoteProduct', program, [text(who), text(product)], now),
    customerSummary: (program, state, cart, now) => timed('_customerSummary', program, [text(state), text(cart)], now),
    rewardValue: (program, rewardId, points, state) => onProgram('_rewardValue', program, [String(rewardId ?? ''), Number(points), text(state)]),
    simulate: (program, ordersCsv, redeemingPercent, end = 0) =>
      onProgram('_simulate', program, [String(ordersCsv ?? ''), redeemingPercent, end]),
    normalizedProgram: (program) => onProgram('_normalizedProgram', program, []),
    normalizeReferralCode: (code) => call('_normalizeReferralCode', [String(code ?? '')]),
    assignVariant: (experimentId, visitorId, shownBasisPoints) =>
      call('_assignVariant', [String(experimentId ?? ''), String(visitorId ?? ''), Number(shownBasisPoints)]),
    ready: () => reloading || Promise.resolve(),
  };
}
