// Picks a translation for an element and formats numbers, money and dates
// through Intl in that locale. English is bundled; the other translations are
// chunks of their own, so a page downloads only the language it shows.
import en from './en.js';
import { matchLocale } from './match.js';

const LOADERS = {
  ro: () => import('./ro.js'),
  'zh-Hans': () => import('./zh-Hans.js'),
  'zh-Hant': () => import('./zh-Hant.js'),
};

export { matchLocale };

let warming = null;
/**
 * Resolves once ICU is set up, done in a worker (web/dist/loyalty-intl-warm.js)
 * so the page's main thread never pays for it. Where a worker cannot start
 * (the bundle on another origin, a CSP without it) it resolves at once and
 * the first Intl object pays as before.
 */
export function warmIntl(locale) {
  warming ||= new Promise((resolve) => {
    let worker = null;
    let timer = 0;
    const done = () => { clearTimeout(timer); worker?.terminate(); resolve(); };
    try {
      worker = new Worker(new URL('./loyalty-intl-warm.js', import.meta.url));
      worker.onmessage = done;
      worker.onerror = done;
      timer = setTimeout(done, 1000);  // a worker that never answers must not hold the widget back
      worker.postMessage(locale);
    } catch {
      done();
    }
  });
  return warming;
}

const cache = new Map();

/** The shared Localizer for an element (one per locale: Intl objects are costly to create). */
export function localizerFor(host) {
  const tag = host.getAttribute('locale') || host.closest('[lang]')?.getAttribute('lang') || navigator.language;
  const key = matchLocale(tag);
  if (!cache.has(key)) cache.set(key, new Localizer(key));
  return cache.get(key);
}

export class Localizer {
  /** @param {string} key en | zh-Hant | zh-Hans | ro */
  constructor(key) {
    this.key = key;
    /** The translation (English until its chunk has loaded). */
    this.t = en;
    /** False until the translation and Intl are ready (see `loaded`). */
    this.ready = false;
    const translation = LOADERS[key] ? LOADERS[key]().then((m) => { this.t = m.default; }, () => { /* English */ }) : null;
    /** Resolves when `t` is this locale's and ICU is set up; a chunk that fails to load leaves English. */
    this.loaded = Promise.all([translation, warmIntl(key)]).then(() => { this.ready = true; return this; });
    this.moneyFormats = new Map();
    this.formats = new Map();
  }
  /** An Intl formatter made on first use and kept (the first one costs the browser its ICU set-up). */
  format(kind, options, make) {
    const k = kind + JSON.stringify(options);
    if (!this.formats.has(k)) this.formats.set(k, make());
    return this.formats.get(k);
  }
  get number() { return this.format('n', {}, () => new Intl.NumberFormat(this.t.locale)); }
  /** "1,234 points" with the locale's plural. */
  points(n) { return this.t.points(this.number.format(n), n); }
  /** Minor units as money: 1234 EUR (2 digits) -> "€12.34". */
  money(minor, currency, digits = 2) {
    const key = currency + digits;
    if (!this.moneyFormats.has(key)) {
      try {
        this.moneyFormats.set(key, new Intl.NumberFormat(this.t.locale, {
          style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
        }));
      } catch {
        this.moneyFormats.set(key, { format: (v) => `${v.toFixed(digits)} ${currency}` });
      }
    }
    return this.moneyFormats.get(key).format(minor / 10 ** digits);
  }
  percent(p) { return this.format('p', {}, () => new Intl.NumberFormat(this.t.locale, { style: 'percent' })).format(p / 100); }
  multiplier(percent) {
    return this.format('x', {}, () => new Intl.NumberFormat(this.t.locale, { maximumFractionDigits: 2 })).format(percent / 100);
  }
  date(value) {
    const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
    return this.format('d', {}, () => new Intl.DateTimeFormat(this.t.locale, { dateStyle: 'medium' })).format(d);
  }
  time(ms) {
    return this.format('t', {}, () => new Intl.DateTimeFormat(this.t.locale, { dateStyle: 'short', timeStyle: 'short' })).format(new Date(ms));
  }
  list(items) { return this.format('l', {}, () => new Intl.ListFormat(this.t.locale, { type: 'disjunction' })).format(items); }
}
