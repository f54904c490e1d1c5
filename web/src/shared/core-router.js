// Which of the widget's two wasm builds quotes a program (core-worker.js, and
// the page's fallback in core-page.js): the lean build (what every page with
// points loads: it reads no member_events, 1.2 KB gzip less) or, for a program
// with member events, the events build, so that the preview earns exactly what
// the server awards. The events build numbers its programs from EVENTS.
export const EVENTS = 1e6;

/** Whether a program (text or object) has member events. */
export function hasMemberEvents(program) {
  try {
    return (typeof program === 'string' ? JSON.parse(program) : program).member_events.length > 0;
  } catch {
    return false;  // none, or not JSON: either build names the error the same way
  }
}
