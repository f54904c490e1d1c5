// What only the panel formats (percentages in a reward's description,
// multipliers, dates on the shop's clock, lists): added to every Localizer when
// the panel's chunk loads (loyalty-widget.panel.js imports it), so a product or
// cart page that is only looked at never downloads it.
import { Localizer } from './localize.js';

/**
 * The shop's clock for dates: its IANA `time_zone` when the program names
 * one, else its `utc_offset_minutes` (the core's shop-local day).
 */
export function shopZone(program) {
  return program ? { timeZone: program.time_zone || '', offsetMinutes: program.utc_offset_minutes } : { timeZone: '', offsetMinutes: 0 };
}

Object.assign(Localizer.prototype, {
  percent(p) { return this.format('p', {}, () => new Intl.NumberFormat(this.locale, { style: 'percent' })).format(p / 100); },
  multiplier(percent) {
    return this.format('x', {}, () => new Intl.NumberFormat(this.locale, { maximumFractionDigits: 2 })).format(percent / 100);
  },
  /** A day ("Dec 3, 2026") on the shop's clock (`shopZone`), never the ambiguous 12/3/26. */
  date(value, zone) { return this.when(value, zone, { dateStyle: 'medium' }); },
  /** A day and time on the shop's clock. */
  time(value, zone) { return this.when(value, zone, { dateStyle: 'medium', timeStyle: 'short' }); },
  when(value, zone = { timeZone: '', offsetMinutes: 0 }, style) {
    const ms = typeof value === 'number' ? value : Date.parse(String(value));
    const named = (timeZone) => this.format('d' + timeZone, style, () => new Intl.DateTimeFormat(this.locale, { ...style, timeZone }));
    if (zone.timeZone) {
      try { return named(zone.timeZone).format(new Date(ms)); } catch { /* unknown to this browser: the offset */ }
    }
    // A fixed offset: the instant moved by it, written as UTC.
    return named('UTC').format(new Date(ms + zone.offsetMinutes * 60000));
  },
  list(items) { return this.format('l', {}, () => new Intl.ListFormat(this.locale, { type: 'disjunction' })).format(items); },
});
