// Type-only test of wasm/loyalty-core.d.ts: checked with `tsc --noEmit`, never run.
// Each `@ts-expect-error` must be an error, or tsc fails.
import { createLoyaltyCore, toSeconds } from '../../wasm/loyalty-core.js';
import type { CoreFactory, LoyaltyCore, Quote, Result } from '../../wasm/loyalty-core.js';

declare const factory: CoreFactory;

async function use(): Promise<void> {
  const core: LoyaltyCore = await createLoyaltyCore(factory, { wasmBinary: new Uint8Array(0) });
  const r: Result<Quote> = core.quoteProduct('{}', null, { product_id: 'p', unit_price: 100 }, new Date());
  if (r.ok) {
    const points: number = r.value.points;
    const text: string = r.json;
    const saves: number = r.value.rewards[0].saves;
    const nudge: 'free_shipping' | 'tier' = r.value.nudges[0].kind;
    void points; void text; void saves; void nudge;
    // @ts-expect-error a success has no error
    void r.error;
  } else {
    const pointer: string = r.errors[0].pointer;
    const message: string = r.error;
    void pointer; void message;
    // @ts-expect-error a failure has no value
    void r.value;
  }
  core.quoteCart({}, { balance: 10, tier: { current: 'gold' } }, { currency: 'EUR', lines: [] }, 1764356400);
  core.customerSummary('{}', null, null, '2026-11-28T19:00:00Z');
  // @ts-expect-error unit_price is required on a product
  core.quoteProduct('{}', null, { product_id: 'p' }, 0);
  // @ts-expect-error now must be an instant
  core.quoteCart('{}', null, '{}', {});
  const v = core.validateProgram('{}');
  if (!v.ok) v.errors.forEach((e) => e.message.toUpperCase());
  const loaded = core.loadProgram('{}');
  if (loaded.ok) core.rewardValue(loaded.value.key, 'slide', 100);
  const variant = core.assignVariant('points-on-pages', 'v-1', 5000);
  if (variant.ok) {
    const shown: 'shown' | 'hidden' = variant.value;
    void shown;
  }
  // @ts-expect-error the split is a number of basis points
  core.assignVariant('points-on-pages', 'v-1', '50%');
  const s: number = toSeconds(new Date());
  void s;
  await core.ready();
}
void use;
