// The lazy half of every element: reads the common attributes, connects to
// the shared runtime (core, shop, session) and re-renders on changes.
import { localizerFor } from '../i18n/localize.js';
import { sheet } from './lazy-element.js';
import { COMMON_ATTRIBUTES } from './lazy-element.js';
import { connect, core, measure, yieldToMain } from './runtime.js';
// Every element's page loads these too: imported here (and rewards.js imports this
// file), so the elements' shared code is one chunk, not four (fewer, better
// compressed bytes: web/build.mjs splits by who imports what).
import './dom.js';
import './base.styles.js';

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
    const before = this.shop;
    const shop = this.attr('shop');
    if (!shop) {
      this.shop = null;
      this.session = null;
    } else {
      const c = connect({ api: this.attr('api'), shop, customer: this.attr('customer'), signature: this.attr('signature'),
        appProxy: this.host.hasAttribute('app-proxy') });
      this.shop = c.shop;
      this.session = c.session;
      this.unsubscribe.push(this.shop.subscribe(() => { if (this.core) this.check(this.core); else this.schedule(); }));
      if (this.session) this.unsubscribe.push(this.session.subscribe(() => this.schedule()));
    }
    this.invalid = null;
    this.checked = null;  // the program text the core last checked
    if (this.shop !== before) {
      // Another shop's program must not quote or format for this one while its own loads.
      this.loadedProgram = null;
      this.programKey = 0;
    }
    if (this.quotes) {
      const shop = this.shop;
      core().then(async (c) => {
        await shop?.whenLoaded;
        // The translation, and ICU set up in a worker (or here, in a task of its own, where none can start).
        await this.l10n.loaded;
        this.l10n.points(0);
        await yieldToMain();
        await this.check(c);
      }, () => this.schedule());
    }
    this.schedule();
  }

  /**
   * Has the core load the shop's program (its first call: the engine's
   * warm-up), again whenever a newer text arrives, then renders. Quotes
   * name the loaded program by its key (`programKey`), not by its text.
   */
  async check(c) {
    const shop = this.shop;
    if (shop && this.checking === shop.programText) return;  // being parsed: that call renders
    if (shop && shop.status === 'ready' && this.checked !== shop.programText) {
      const text = shop.programText;
      this.checking = text;  // one parse per text, however many events ask
      const t = performance.now();
      const loaded = await shop.loadedIn(c);
      measure('loyalty:program-parse', t);
      this.checking = null;
      if (text !== shop.programText) return;  // a newer text came meanwhile: its own check renders
      this.checked = text;
      this.invalid = loaded.ok ? null : loaded.error;
      this.programKey = loaded.ok ? loaded.value.key : 0;
      // What the core read of the text it quotes (currency, minor digits: defaults filled by the core).
      this.loadedProgram = loaded.ok ? loaded.value : null;
    }
    this.core = c;
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
   * The answer of a call to the core (`asked`: its Promise), or null when a
   * newer call from this element started meanwhile, so a slow answer never
   * overwrites a newer one.
   */
  async ask(asked) {
    const call = (this.calls = (this.calls || 0) + 1);
    const result = await asked;
    return call === this.calls ? result : null;
  }

  /** Minor units as money in the currency and minor digits the core read from the program it quotes. */
  money(minor) {
    const p = this.loadedProgram;
    return this.l10n.money(minor, p.currency, p.minor_digits);
  }

  /** Ready to quote: core loaded and this shop's valid program loaded in it. */
  get ready() { return !!(this.core && this.shop && this.shop.status === 'ready' && !this.invalid && this.loadedProgram); }

  /** Fires a typed, bubbling, composed `loyalty:*` event from the host. */
  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
  }

  render() {}
}
