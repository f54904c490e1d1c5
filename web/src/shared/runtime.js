// The lazy runtime shared by every element on the page: one wasm core, one
// program per shop, one session per signed customer, and listeners so that a
// redemption in the panel updates the cart at once.
import { callsOver, WORKER_CALLS } from '../../../wasm/worker-calls.js';
import { Api } from './api.js';
import { startCoreWorker } from './core-start.js';

let corePromise = null;
/**
 * The wasm core, loaded once per page and only by what quotes (product points,
 * cart, a referral code check, a variable reward's slider valuing the chosen
 * points): the rest of the panel works from the server's answers. It runs in a worker where one can start
 * (the bundle served from the page's own origin), else on the page. Either
 * way it offers the face's named functions (wasm/worker-calls.js), each
 * returning a Promise of the core's result.
 */
export function core() {
  const start = performance.now();
  corePromise ||= workerCore().catch(() => pageCore())
    .then((c) => { measure('loyalty:wasm-load', start); return c; });
  return corePromise;
}

function workerCore() {
  return new Promise((resolve, reject) => {
    const started = startCoreWorker();  // usually already running: the loader started it
    if (!started) throw new Error('no worker here');
    const { worker, early } = started;
    const pending = new Map();
    let next = 0;
    const stopped = (why) => {
      reject(new Error(why));
      for (const answer of pending.values()) answer({ ok: false, error: 'the loyalty engine stopped: ' + why, errors: [] });
      pending.clear();
    };
    const timer = setTimeout(() => { worker.terminate(); stopped('no answer from the worker'); }, 15000);
    const calls = callsOver((call, args) => new Promise((answer) => {
      const id = ++next;
      pending.set(id, answer);
      worker.postMessage({ id, call, args });
    }));
    worker.onmessage = (e) => {
      const msg = e.data || {};
      if (msg.ready) { clearTimeout(timer); resolve(calls); return; }
      if (msg.failed) { clearTimeout(timer); worker.terminate(); stopped(msg.failed); return; }
      const answer = pending.get(msg.id);
      pending.delete(msg.id);
      if (answer) answer(msg.result);
    };
    worker.onerror = (e) => { e.preventDefault?.(); clearTimeout(timer); worker.terminate(); stopped('the worker failed to start'); };
    for (const e of early.splice(0)) (e.type === 'error' ? worker.onerror : worker.onmessage)(e);
  });
}

// On the page itself (no worker: the bundle on another origin, or an old browser): its own chunk.
const pageCore = () => import('./core-page.js').then((m) => m.pageCore(callsOver, WORKER_CALLS));

/** User Timing entries (DevTools, RUM) for the widget's own work. */
export function measure(name, start) {
  try { performance.measure(name, { start, end: performance.now() }); } catch { /* old browsers */ }
}

/** Ends the current task so the page stays responsive between heavy steps. */
export const yieldToMain = () => (globalThis.scheduler && scheduler.yield ? scheduler.yield() : new Promise((r) => setTimeout(r, 0)));

class Emitter {
  constructor() { this.listeners = new Set(); }
  subscribe(f) { this.listeners.add(f); return () => this.listeners.delete(f); }
  emit() { for (const f of [...this.listeners]) f(this); }
}

/**
 * A shop: the program the core quotes (`programText`), and the program the
 * elements read (`program`): only ever the server's, the core's normalised
 * program (to_json: every default filled), fresh or cached from an earlier
 * view; null until one is in. No round trip stands before the first number:
 * the program the page carries (`<script type="application/json"
 * data-loyalty-program="SHOP">`, the shop's own text, possibly sparse), else
 * the cached copy, is quoted at once while the server is asked (ETag) in the
 * background; a newer one re-renders. The page's text is never read here:
 * what a first view shows of it (currency, minor digits) is the core's answer
 * when it loads it (component.js, `loadedProgram`), so no default is restated.
 */
class Shop extends Emitter {
  constructor(api) {
    super();
    this.api = api;
    this.status = 'loading';   // loading | ready (the core has a text to quote) | error
    this.program = null;       // the server's normalised program, parsed
    this.programText = '';     // what the core quotes
    this.stale = false;
    this.error = null;
    const cached = api.cachedProgram();
    if (cached) this.use(cached.text, false);
    const text = carried('program', api.shop);
    if (text && isJson(text)) {
      this.programText = this.carriedText = text;
      this.status = 'ready';
    }
    const fetched = this.load();
    /** Resolves when the core has a text to quote; `whenProgram`: when `program` is in (or cannot be had). */
    this.whenLoaded = this.status === 'ready' ? Promise.resolve() : fetched;
    this.whenProgram = this.program ? Promise.resolve() : fetched;
  }
  /**
   * The program loaded into the core `c`, once per text (a Promise of
   * loadProgram's Result, whose `value.key` the quotes name).
   */
  loadedIn(c) {
    if (this.loadedText !== this.programText) {
      this.loadedText = this.programText;
      this.loaded = c.loadProgram(this.programText);
    }
    return this.loaded;
  }
  /** Takes the server's program text (fresh or cached); false when it is not JSON (then it is not used). */
  use(text, stale) {
    if (text === this.programText && this.program) { this.stale = stale; return true; }
    let program;
    try { program = JSON.parse(text); } catch { return false; }
    // A stale copy (the server not reached) names, but never quotes over the program the page carries.
    if (!stale || !this.carriedText) this.programText = text;
    this.program = program;
    this.stale = stale;
    this.status = 'ready';
    return true;
  }
  /**
   * Whether this page view shows points (server/README.md, "Experiments"):
   * yes unless an A/B test of showing points runs (or the list cannot be had);
   * only then is its code fetched (experiment.js: the core's variant for `el`'s
   * visitor, the exposure beacon). The running experiments the page carries
   * (`<script type="application/json" data-loyalty-experiments="SHOP">`, as
   * GET .../experiments answers) are used at once: no round trip before the
   * first number; else they are asked for. Decided once per page view and
   * visitor: kept on the signed shopper's session, else on the shop (anonymous).
   */
  pointsShown(el) {
    const text = carried('experiments', this.api.shop);
    return ((el.session || this).shown ||= (text ? Promise.resolve(text).then(JSON.parse) : fetch(this.api.prefix + '/experiments').then((r) => r.json()))
      .then((j) => !j.experiments[0] || import('./experiment.js').then((m) => m.default(el, j.experiments))).catch(() => true));
  }
  async load() {
    const before = this.program;
    try {
      const p = await this.api.program();
      if (!this.use(p.text, p.stale)) throw new Error('the program is not JSON');
      await yieldToMain();
    } catch (e) {
      if (this.status !== 'ready') this.status = 'error';
      this.error = e;
    }
    if (this.program !== before || this.error) this.emit();
  }
}

function isJson(text) {
  try { JSON.parse(text); return true; } catch { return false; }
}

/** What a page carries for `shop` (`<script type="application/json" data-loyalty-KIND="SHOP">`): its JSON text, if any. */
function carried(kind, shop) {
  for (const s of document.querySelectorAll(`script[type="application/json"][data-loyalty-${kind}]`)) {
    if (s.getAttribute('data-loyalty-' + kind) === shop && s.textContent.trim()) return s.textContent.trim();
  }
  return '';
}

/**
 * A signed-in customer's server data; anonymous when customer or signature is
 * missing. Through a Shopify app proxy (`appProxy`) no identity is sent:
 * Shopify signs the logged-in customer into each request's query itself.
 */
class Session extends Emitter {
  constructor(api, customer, signature, appProxy = false) {
    super();
    this.api = api;
    this.customer = customer;
    this.signature = signature;
    this.appProxy = appProxy;
    this.status = 'loading';   // loading | ready | stale | unauthorized | error
    this.data = null;
    this.savedAt = 0;
    this.error = null;
    this.pending = new Map();  // reward id -> idempotency key of an unfinished redemption
    this.watchers = 0;         // open panels: while any, a stale or failed answer is retried (actions.js)
    addEventListener('online', () => { if (this.offline) this.refresh(); });
    this.refresh();
  }
  /** Stale data or no answer: the server could not be reached. */
  get offline() { return this.status === 'stale' || this.status === 'error'; }
  /** Asks the server again (one request at a time); a failed answer is retried while a panel watches. */
  refresh() {
    this.inflight ||= this.fetchMe().finally(() => { this.inflight = null; if (this.watchers) actions().then((a) => a.scheduleRetry(this)); });
    return this.inflight;
  }
  async fetchMe() {
    try {
      const r = await this.api.me(this.customer, this.signature);
      this.data = r.data;
      this.savedAt = r.savedAt;
      this.status = r.stale ? 'stale' : 'ready';
    } catch (e) {
      this.error = e;
      this.status = e.status === 401 || e.status === 403 ? 'unauthorized' : 'error';
    }
    this.emit();
  }
  /**
   * While a panel shows this session (`watch()` until the returned stop), a
   * stale or failed answer is retried in the background (actions.js, loaded
   * with the panel: a page that is only looked at never needs it).
   */
  watch() {
    const stop = actions().then((a) => a.watch(this));
    return () => stop.then((f) => f());
  }
  // A shopper's actions: their code (actions.js) loads on the first one, not with the page.
  /** Redeems a reward; the same idempotency key is reused until the server answers. */
  redeem(rewardId, points) { return actions().then((w) => w.redeem(this, rewardId, points)); }
  /** Older activity than the first page: {entries, next_cursor}. */
  olderActivity(cursor) { return actions().then((w) => w.olderActivity(this, cursor)); }
  claim(action) { return actions().then((w) => w.claim(this, action)); }
}

const actions = () => import('./actions.js');
const shops = new Map();
const sessions = new Map();

/** The shop and (if signed) session for an element's attributes. */
export function connect({ api, shop, customer, signature, appProxy = false }) {
  const base = api || '';
  const shopKey = base + '|' + shop;
  if (!shops.has(shopKey)) shops.set(shopKey, new Shop(new Api(base, shop)));
  const s = shops.get(shopKey);
  let session = null;
  if (appProxy) {
    // The page's own /apps/... path: Shopify adds the signed shopper, the page holds nothing.
    const k = shopKey + '|app-proxy';
    if (!sessions.has(k)) sessions.set(k, new Session(s.api, '', '', true));
    session = sessions.get(k);
  } else if (customer && signature) {
    const k = shopKey + '|' + customer + '|' + signature;
    if (!sessions.has(k)) sessions.set(k, new Session(s.api, customer, signature));
    session = sessions.get(k);
  }
  maybeRecordReferral(s);
  return { shop: s, session };
}

let referralDone = false;
// A visit through a referral link (?ref=CODE): checked by the core, then recorded once per browser session (actions.js).
function maybeRecordReferral(shop) {
  if (referralDone) return;
  referralDone = true;
  const code = new URLSearchParams(location.search).get('ref');
  if (code) actions().then((a) => a.recordReferral(shop, code, core), () => { /* not critical */ });
}

/** The server's state as the core reads it back (state_from_json), or null when anonymous. */
export function stateOf(session) {
  return session && session.data && session.data.state ? session.data.state : null;
}

/** Epoch seconds now (the core is pure: time is passed in). */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
