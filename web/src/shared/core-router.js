// The widget's two wasm builds of the core behind the face's calls: the lean
// build (what every page with points loads: it reads no member_events, 1.2 KB
// gzip less) and the events build, started once, the first time a program to
// quote has member_events, and given every such program: a shop without member
// events never fetches it, and a shop with them previews exactly what the
// server awards (the lean build would show fewer points during an event).
// The events build numbers its programs from EVENTS_KEYS, so a key names its
// build. Used by the worker (core-worker.js) and the page's fallback (runtime.js).
const EVENTS_KEYS = 1e6;
const hasMemberEvents = (program) => {
  try {
    return (typeof program === 'string' ? JSON.parse(program) : program).member_events.length > 0;
  } catch {
    return false;  // none, or not JSON: either build names the error the same way
  }
};

/**
 * The face's `calls` (WORKER_CALLS, passed in so that the page's chunks share
 * no extra one), each returning a Promise of its Result, over `lean` (a Promise
 * of the lean build's face) and `startEvents(firstKey)`, the events build's.
 */
export function routedCalls(calls, lean, startEvents) {
  let events;
  // By the first argument: a program's key or text (other calls' first arguments are
  // neither; the events build would answer them alike anyway).
  const build = (p) => ((typeof p === 'number' ? p >= EVENTS_KEYS : hasMemberEvents(p)) ? (events ||= startEvents(EVENTS_KEYS)) : lean);
  return Object.fromEntries(calls.map((name) => [name, (...args) => build(args[0]).then((c) => c[name](...args),
    (e) => ({ ok: false, error: 'the loyalty engine did not start: ' + e, errors: [] }))]));
}
