import { h } from '../../shared/dom.js';

// A shop-local time as the merchant wrote it ("2026-03-29T10:00:00"), read as
// UTC and formatted as UTC: no zone (the shopper's, or a DST rule) moves it.
const asWritten = (text) => ({ ms: Date.parse(text + 'Z'), midnight: text.endsWith('T00:00:00') });
const utc = { timeZone: '', offsetMinutes: 0 };

/**
 * The panel's member events: what the core announces to this shopper (/me's
 * `member_events`, decided by member_events_for: the events for their tier,
 * from announce_from until they end), upcoming with when they start and the
 * one on now with when it ends, each with its double points and early access.
 * Null when there are none. Every text goes through textContent (dom.js).
 * @param {import('../../i18n/localize.js').default} l10n
 */
export function memberEventsSection(l10n, program, events) {
  if (!Array.isArray(events) || !events.length) return null;
  const { t } = l10n;
  const m = t.memberEvents;
  const day = (ms) => l10n.date(ms, utc);
  const at = (text) => { const w = asWritten(text); return w.midnight ? day(w.ms) : l10n.time(w.ms, utc); };
  // An end at midnight ends the day before: that is the event's last day.
  const until = (text) => { const w = asWritten(text); return w.midnight ? m.lastDay(day(w.ms - 86400000)) : m.until(at(text)); };
  const known = program.member_events || [];
  const rewards = program.rewards || [];
  const items = events.map((e) => {
    const name = l10n.nameOf(program, 'member_events', known.find((x) => x.id === e.id)) || String(e.name || e.id);
    const detail = [e.current ? until(e.ends) : m.starts(at(e.starts))];
    if (e.percent > 100) detail.push(t.earnMultiplier(l10n.multiplier(e.percent)));
    const early = (e.early_access || []).map((r) => l10n.nameOf(program, 'rewards', rewards.find((x) => x.id === r.id)) || String(r.name || r.id));
    if (early.length) detail.push(m.earlyAccess(early.join(', ')));
    return h('li', { part: e.current ? 'member-event current' : 'member-event', attrs: { 'data-event': e.id } },
      h('p', { class: 'name' }, e.current ? h('strong', { text: m.onNow + ' ' }) : null, name),
      h('p', { class: 'detail muted', text: detail.join(' · ') }));
  });
  return h('section', { part: 'member-events', attrs: { 'aria-labelledby': 'loyalty-events' } },
    h('h3', { id: 'loyalty-events', text: m.title }),
    h('ul', { class: 'list' }, items));
}
