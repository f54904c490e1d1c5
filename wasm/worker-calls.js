// The face's calls (loyalty-core.js) that the widget's worker serves, by
// position: the worker (web/src/shared/core-worker.js) runs the face's
// function of that name, and the page gets the same named functions from
// callsOver, each returning a Promise of the same Result. One list, so the
// page never calls the worker by a name it made up, and never needs the face
// itself (nor its chunk) to do so.
export const WORKER_CALLS = ['loadProgram', 'quoteCart', 'quoteProduct', 'rewardValue', 'normalizeReferralCode', 'assignVariant'];

/** The named functions over `send(position, args)` (a Promise of the Result). */
export const callsOver = (send) => Object.fromEntries(WORKER_CALLS.map((name, i) => [name, (...args) => send(i, args)]));
