// The eager part of every element: a shell that reserves its space at once
// and loads the real component (and the wasm core) when the browser is idle
// or on the first interaction, whichever comes first.

/** Attributes every loyalty element reads. */
export const COMMON_ATTRIBUTES = ['api', 'shop', 'customer', 'signature', 'app-proxy', 'locale', 'currency'];

let started = null;
/** Resolves when the page is idle or the shopper first interacts with it. */
export function idleOrInteraction() {
  if (started) return started;
  started = new Promise((resolve) => {
    const events = ['pointerdown', 'keydown', 'focusin', 'pointerover', 'touchstart', 'scroll'];
    const go = () => {
      for (const t of events) removeEventListener(t, go, true);
      resolve();
    };
    for (const t of events) addEventListener(t, go, { capture: true, passive: true, once: true });
    const idle = window.requestIdleCallback || ((f) => setTimeout(f, 200));
    // After load, so the widget never competes with the page's own work.
    const whenLoaded = () => idle(go, { timeout: 3000 });
    if (document.readyState === 'complete') whenLoaded();
    else addEventListener('load', whenLoaded, { once: true });
  });
  return started;
}

// The host box cannot be restyled by the page's global CSS (only through
// custom properties and ::part).
/** The host box; `!important` here beats the page's own `!important` (shadow cascade). */
export const hostReset = (display) => ':host{all:initial!important;display:' + display +
  '!important;box-sizing:border-box!important;contain:layout style!important}:host([hidden]){display:none!important}';

/** A constructable stylesheet (works under `style-src 'self'`: no inline <style>). */
export function sheet(css) {
  const s = new CSSStyleSheet();
  s.replaceSync(css);
  return s;
}

/**
 * Defines `tag` as a shell whose behaviour comes from `load()` (a module whose
 * default export is a component class constructed with the host element).
 * `setup(host)` may render a placeholder into the shadow root at once.
 * `eager`: load at once instead of when idle (the elements that show a
 * number: their chunks, the program and the wasm then load in parallel with
 * the page; the heavy work runs in workers).
 */
export function defineLazy(tag, load, { observed = [], reserve = '', setup, eager = false } = {}) {
  if (customElements.get(tag)) return;
  const reserveSheet = sheet(reserve);
  customElements.define(tag, class extends HTMLElement {
    static get observedAttributes() { return [...COMMON_ATTRIBUTES, ...observed]; }
    constructor() {
      super();
      this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [reserveSheet];
      if (setup) setup(this);
    }
    /** Starts loading now (e.g. the launcher was clicked); resolves with the component. */
    upgrade() {
      return this._loading ||= load().then(async (m) => {
        this._component ||= new m.default(this);
        if (this.isConnected) this._component.connected();
        await this._component.l10n?.loaded;  // outside English, a chunk of its own
        return this._component;
      });
    }
    connectedCallback() {
      if (this._component) this._component.connected();
      else if (eager) this.upgrade();
      else idleOrInteraction().then(() => this.upgrade());
    }
    disconnectedCallback() { this._component?.disconnected(); }
    attributeChangedCallback(name, before, after) {
      if (before === after) return;
      // The page's own first figure (slotted) stood for the product as it was.
      if (before !== null && observed.includes(name)) this.shadowRoot.querySelector('slot')?.remove();
      this._component?.attributeChanged(name);
    }
  });
}
