// The core on the page itself, where no worker can start (the bundle on
// another origin, or an old browser), with the same two builds as the worker
// (core-router.js): loaded only then, so a page with a worker never fetches it.

/** The face's calls over `callsOver` (wasm/worker-calls.js, passed in: the page's chunks then share no extra one). */
export function pageCore(callsOver, WORKER_CALLS) {
  return Promise.all([import('../../../wasm/loyalty-core.js'), import('./core-router.js')]).then(([api, { EVENTS, hasMemberEvents }]) => {
    const start = (glue, wasm, firstKey) => api.createLoyaltyCore(glue, { locateFile: () => new URL(wasm, import.meta.url).href }, firstKey);
    const lean = Promise.all([import('loyalty-core-wasm'), import('loyalty-core-wasm-binary')]).then(([glue, wasm]) => start(glue.default, wasm.default));
    let events;
    const build = (p) => ((typeof p === 'number' ? p >= EVENTS : hasMemberEvents(p))
      ? (events ||= import('./core-events.js').then((m) => start(m.glue, m.wasm, EVENTS))) : lean);
    return lean.then(() => callsOver((call, args) => build(args[0]).then((c) => c[WORKER_CALLS[call]](...args),
      (e) => ({ ok: false, error: String(e), errors: [] }))));
  });
}
