// Imports nothing the other chunks share (the widget hands in what it needs):
// a shared import would split the shared chunks and cost the first view bytes.
import en from '../../i18n/en.notes.js';
import css from './loyalty-widget.notes.styles.js';

/** How many notes show at once (newest first); the rest come on a later visit. */
const SHOWN = 3;

/** Shows `notes` (the page's first /me answer) once the server's program is in (for names). */
export default async function showNotes(widget, notes) {
  await widget.shop.whenProgram;
  new Notes(widget).show(notes);
}

const el = (tag, props, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};

/**
 * The shopper's notes of <loyalty-widget> ("You earned 120 points for order
 * #1042"): what the server's /me lists as `notes` (the core's notices, kept
 * until dismissed), shown above the launcher. Its own chunk: a page loads it
 * only when there are notes (loyalty-widget.component.js). Dismissed by its
 * button or Escape; the server is told (POST …/me/notes/dismiss), and a note
 * not dismissed shows again on the next visit. Text only through textContent.
 */
class Notes {
  /** @param {import('./loyalty-widget.component.js').default} widget */
  constructor(widget) {
    this.w = widget;
    const style = new CSSStyleSheet();
    style.replaceSync(css);
    widget.root.adoptedStyleSheets = [...widget.root.adoptedStyleSheets, style];
    this.list = el('ul', {});
    this.button = el('button', { type: 'button', onclick: () => this.dismiss() });
    this.button.setAttribute('part', 'notes-dismiss');
    this.box = el('div', { className: 'notes', hidden: true }, this.list, this.button);
    this.box.setAttribute('part', 'notes');
    this.box.setAttribute('role', 'status');
    this.box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.stopPropagation(); this.dismiss(); }
    });
    widget.root.append(this.box);
  }

  /** Shows the newest notes of the page's first /me answer. */
  show(notes) {
    const t = this.w.l10n.t.notes || en;
    this.shown = notes.map((n) => [n.id, this.text(n, t)]).filter(([, s]) => s).slice(0, SHOWN);
    this.box.hidden = !this.shown.length;
    this.box.setAttribute('aria-label', t.label);
    this.button.textContent = t.dismiss;
    this.list.replaceChildren(...this.shown.map(([, s]) => el('li', { textContent: s })));
  }

  /** A note in the shopper's language; '' for a kind this widget does not know (a newer server). */
  text(n, t) {
    const l = this.w.l10n;
    const program = this.w.shop && this.w.shop.program;
    const points = l.points(Number(n.points) || 0);
    const named = (list, id) => l.nameOf(program, list, (program ? program[list] : []).find((x) => x.id === id)) || id;
    switch (n.type) {
      case 'points_earned': return t.earned(points, n.order_id || '');
      case 'points_matured': return t.matured(points);
      case 'reward_unlocked': return t.unlocked(named('rewards', n.reward_id));
      case 'tier_reached': return t.tier(named('tiers', n.tier));
      case 'points_expiring': return t.expiring(points, this.inDays(n.expires_at));
      case 'referral_completed': return t.referral(points);
      default: return '';
    }
  }

  /**
   * "in 5 days", "tomorrow" in the shopper's language: how soon, which needs
   * no calendar date (the panel's date formats load with the panel only).
   */
  inDays(at) {
    const days = Math.max(1, Math.ceil((Date.parse(at) - Date.now()) / 86400000));
    return new Intl.RelativeTimeFormat(this.w.l10n.locale, { numeric: 'auto' }).format(days, 'day');
  }

  dismiss() {
    const ids = this.shown.map(([id]) => id);
    const hadFocus = this.box.contains(this.w.root.activeElement);
    this.box.hidden = true;
    if (hadFocus) this.w.launcher.focus();
    const { api, customer, signature } = this.w.session;
    if (!ids.length) return;
    // Not dismissed on the server (offline): the notes come back next visit.
    api.json('/me/notes/dismiss', { method: 'POST', headers: api.headers(customer, signature, { 'Content-Type': 'application/json' }),
      body: JSON.stringify({ ids }) }).catch(() => {});
  }
}
