// Picks a translation for an element and formats numbers, money and dates
// through Intl in that locale. English is bundled; the other translations are
// chunks of their own, so a page downloads only the language it shows.
import en from './en.js';
import { matchLocale } from './match.js';
// Its content-hashed file name (web/build.mjs).
import { intlWarm } from 'loyalty:workers';

const LOADERS = {
  ro: () => import('./ro.js'),
  'zh-Hans': () => import('./zh-Hans.js'),
  'zh-Hant': () => import('./zh-Hant.js'),
};

export { matchLocale };

let warming = null;
/**
 * Resolves once ICU is set up, done in a worker (web/dist/loyalty-intl-warm-<hash>.js)
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
      worker = new Worker(new URL(intlWarm, import.meta.url));
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
  // Intl gets the page's own tag (en-GB writes 3 Dec 2026) when it is a valid one of this translation's language.
  let region = '';
  try { region = Intl.getCanonicalLocales(tag)[0]; } catch { /* not a BCP 47 tag */ }
  const id = key + '|' + region;
  if (!cache.has(id)) cache.set(id, new Localizer(key, region));
  return cache.get(id);
}

/**
 * Numbers and money, what every page shows; percentages, multipliers, dates and
 * lists (the panel's) are added by localize-more.js, which loads with the panel.
 */
export class Localizer {
  /** @param {string} key en | zh-Hant | zh-Hans | ro */
  constructor(key, tag = '') {
    this.key = key;
    this.tag = tag && matchLocale(tag) === key ? tag : '';
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
  /**
   * The shop's own text at `pointer` ("/rewards/1/name") in this language,
   * from the program's `translations` (the page's tag, then the translation's,
   * then its language), else as the shop wrote it.
   */
  shopText(program, pointer, written) {
    const all = program && program.translations;
    if (all && typeof all === 'object') {
      for (const tag of [this.tag, this.key, this.key.split('-')[0]]) {
        const text = tag && all[tag] && all[tag][pointer];
        if (typeof text === 'string' && text) return text;
      }
    }
    return written;
  }
  /** The name of an item of `program[list]` (a reward, tier, action, campaign...), translated. */
  nameOf(program, list, item) {
    return item ? this.shopText(program, `/${list}/${program[list].indexOf(item)}/name`, item.name) : '';
  }
  /** The tag Intl formats in: the page's own, else the translation's. */
  get locale() { return this.tag || this.t.locale; }
  get number() { return this.format('n', {}, () => new Intl.NumberFormat(this.locale)); }
  /** "1,234 points" with the locale's plural. */
  points(n) { return this.t.points(this.number.format(n), n); }
  /**
   * Minor units as money: 1234 EUR (2 digits) -> "€12.34", 1234 JPY (0) -> "¥1,234".
   * `digits` is the core's (a program's minor_digits as the core read it): never assumed here.
   */
  money(minor, currency, digits) {
    const key = currency + digits;
    if (!this.moneyFormats.has(key)) {
      try {
        this.moneyFormats.set(key, new Intl.NumberFormat(this.locale, {
          style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
        }));
      } catch {
        this.moneyFormats.set(key, { format: (v) => `${v.toFixed(digits)} ${currency}` });
      }
    }
    return this.moneyFormats.get(key).format(minor / 10 ** digits);
  }
}
