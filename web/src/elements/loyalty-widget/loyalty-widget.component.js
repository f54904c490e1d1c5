import { LoyaltyComponent } from '../../shared/component.js';
import { stateOf } from '../../shared/runtime.js';

/**
 * <loyalty-widget>: a launcher that opens the rewards panel (a modal dialog,
 * loyalty-widget.panel.js: its own chunk, fetched when the shopper reaches
 * for the launcher). This part keeps the launcher's label and accessible
 * name (with the balance) in step with the session.
 *
 * @attr api - base URL of the loyalty API ("" = same origin)
 * @attr shop - shop id
 * @attr customer, signature - the signed-in shopper and the shop's signature ("<expires>.<hex hmac>")
 * @attr locale - en, zh-Hant, zh-Hans or ro (default: page lang)
 * @attr signin-url - where the sign-in prompt links to (default /account/login)
 * @event loyalty:redeemed - {code, rewardId, points, value}: bubbling, composed; fired only on the shopper's redeem
 * @csspart launcher - the button that opens the panel
 * @csspart panel - the dialog
 * @csspart balance, tier, progress, reward, redeem-button, points-input, code-box, code, copy-button, action, referral, activity, more-button, status
 * @csspart notes, notes-dismiss - the shopper's notes above the launcher (loyalty-widget.notes.js, loaded only when /me lists some)
 * @cssproperty --loyalty-accent - main colour (default #0b5cad)
 * @cssproperty --loyalty-on-accent, --loyalty-surface, --loyalty-text, --loyalty-muted, --loyalty-border
 * @cssproperty --loyalty-font, --loyalty-radius, --loyalty-radius-panel, --loyalty-focus
 * @cssproperty --loyalty-offset-block, --loyalty-offset-inline - launcher position from the corner
 */
export default class LoyaltyWidget extends LoyaltyComponent {
  constructor(host) {
    super(host, '');
    this.launcher = this.root.querySelector('.launcher');
    /** @type {import('./loyalty-widget.panel.js').default | null} */
    this.panel = null;
  }

  /** Loads the panel (once); the launcher calls it on hover, focus or touch, before the click. */
  preparePanel() {
    this.panelLoading ||= import('./loyalty-widget.panel.js').then((m) => (this.panel = new m.default(this)));
    return this.panelLoading;
  }

  async open() { (await this.preparePanel()).open(); }

  close() { this.panel?.close(); }

  render() {
    const { t } = this.l10n;
    const state = stateOf(this.session);
    // The launcher's size never changes after first paint (that would be a
    // layout shift): the balance goes to its accessible name, not its text.
    this.launcher.querySelector('.label').textContent = t.launcher;
    this.launcher.setAttribute('aria-label', state ? `${t.launcher}: ${this.l10n.points(state.balance)}` : t.launcher);
    if (state) this.launcher.dataset.balance = String(state.balance);
    else delete this.launcher.dataset.balance;
    this.panel?.render();
    // The notes' chunk only when the page's first fresh answer (never a cached
    // one) lists some; notes caused during this visit show on the next.
    const s = this.session;
    if (!this.notesSeen && s?.status === 'ready') {
      this.notesSeen = true;
      if (s.data.notes?.length) import('./loyalty-widget.notes.js').then((m) => m.default(this, s.data.notes));
    }
  }
}
