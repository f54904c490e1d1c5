// The lazy half of every element: reads the common attributes, connects to
// the shared runtime (core, shop, session) and re-renders on changes.
import { localizerFor } from '../i18n/localize.js';
import { sheet } from './lazy-element.js';
import { COMMON_ATTRIBUTES } from './lazy-element.js';
import { connect, core, measure, yieldToMain } from './runtime.js';

export class LoyaltyComponent {
  /**
   * @param {HTMLElement} host
   * @param {string} css
   * @param {{quotes?: boolean}} options - quotes: needs the wasm core
   */
  constructor(host, css, { quotes = false } = {}) {
    this.quotes = quotes;
    this.host = host;
    this.root = host.shadowRoot;
    this.root.adoptedStyleSheets = [...this.root.adoptedStyleSheets, sheet(css)];
    this.core = null;
    this.unsubscribe = [];
    this.scheduled = false;
  }

  attr(name) { return this.host.getAttribute(name) || ''; }

  connected() { this.reconnect(); }

  disconnected() {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
  }

  attributeChanged(name) {
    if (COMMON_ATTRIBUTES.includes(name)) this.reconnect();
    else this.schedule();
  }

  reconnect() {
    this.disconnected();
    this.l10n = localizerFor(this.host);
    const shop = this.attr('shop');
    if (!shop) {
      this.shop = null;
      this.session = null;
    } else {
      const c = connect({ api: this.attr('api'), shop, customer: this.attr('customer'), signature: this.attr('signature') });
      this.shop = c.shop;
      this.session = c.session;
      this.unsubscribe.push(this.shop.subscribe(() => this.schedule()));
      if (this.session) this.unsubscribe.push(this.session.subscribe(() => this.schedule()));
    }
    this.invalid = null;
    if (this.quotes) {
      const shop = this.shop;
      core().then(async (c) => {
        // Parse the program in a task of its own (first call: the engine's warm-up).
        await shop?.whenLoaded;
        await yieldToMain();
        if (shop && shop.status === 'ready') {
          const t = performance.now();
          const valid = await c.validateProgram(shop.programText);
          measure('loyalty:program-parse', t);
          if (!valid.ok) this.invalid = valid.error;
          await yieldToMain();
        }
        // The translation, and ICU set up in a worker (or here, in a task of its own, where none can start).
        await this.l10n.loaded;
        this.l10n.points(0);
        await yieldToMain();
        this.core = c;
        this.schedule();
      }, () => this.schedule());
    }
    this.schedule();
  }

  /** One render per microtask, whatever changed. */
  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      this.renderNow();
    });
  }

  /** Renders at once if the translation is in (else when it arrives). */
  renderNow() {
    if (!this.host.isConnected) return;
    if (this.l10n.ready) this.render();
    else this.l10n.loaded.then(() => this.schedule());
  }

  /**
   * Calls the core (every method returns a Promise); resolves to null when a
   * newer call from this element started meanwhile, so a slow answer never
   * overwrites a newer one.
   */
  async ask(method, ...args) {
    const call = (this.calls = (this.calls || 0) + 1);
    const result = await this.core[method](...args);
    return call === this.calls ? result : null;
  }

  /** Ready to quote: core loaded and a valid program in hand. */
  get ready() { return !!(this.core && this.shop && this.shop.status === 'ready' && !this.invalid); }

  /** Fires a typed, bubbling, composed `loyalty:*` event from the host. */
  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }

  render() {}
}
