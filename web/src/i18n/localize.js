// Picks a translation for an element and formats numbers, money and dates
// through Intl in that locale.
import en from './en.js';
import { matchLocale } from './match.js';
import ro from './ro.js';
import zhHans from './zh-Hans.js';
import zhHant from './zh-Hant.js';

const TRANSLATIONS = { en, ro, 'zh-Hans': zhHans, 'zh-Hant': zhHant };

export { matchLocale };

export class Localizer {
  /** The locale from the element's `locale` attribute, the nearest `lang`, or the browser. */
  constructor(host) {
    const tag = host.getAttribute('locale') || host.closest('[lang]')?.getAttribute('lang') || navigator.language;
    this.key = matchLocale(tag);
    this.t = TRANSLATIONS[this.key];
    this.number = new Intl.NumberFormat(this.t.locale);
    this.moneyFormats = new Map();
  }
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
  percent(p) { return new Intl.NumberFormat(this.t.locale, { style: 'percent' }).format(p / 100); }
  multiplier(percent) { return new Intl.NumberFormat(this.t.locale, { maximumFractionDigits: 2 }).format(percent / 100); }
  date(value) {
    const d = typeof value === 'number' ? new Date(value) : new Date(String(value));
    return new Intl.DateTimeFormat(this.t.locale, { dateStyle: 'medium' }).format(d);
  }
  time(ms) { return new Intl.DateTimeFormat(this.t.locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms)); }
  list(items) { return new Intl.ListFormat(this.t.locale, { type: 'disjunction' }).format(items); }
}
