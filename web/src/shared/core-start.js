// Starts the core's worker from the eager loader as soon as an element that
// quotes (product points, cart) is on the page: the worker's script, the
// wasm's fetch and its compilation then run while the element's own chunks
// load, instead of after them. The runtime (runtime.js) takes the worker
// over; whatever it said before then is kept for it.
import { coreWorker } from 'loyalty:workers';

let started;
/**
 * The core's worker, started once: `{worker, early}` (`early`: its messages
 * and errors not yet read), or null where none can start (the bundle on
 * another origin: then the core runs on the page).
 */
export function startCoreWorker() {
  if (started === undefined) {
    try {
      const worker = new Worker(new URL(coreWorker, import.meta.url), { type: 'module' });
      const early = [];
      worker.onmessage = worker.onerror = (e) => { early.push(e); };
      started = { worker, early };
    } catch {
      started = null;
    }
  }
  return started;
}
