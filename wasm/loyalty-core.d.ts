/**
 * The loyalty core compiled to WebAssembly: the same C++ engine the server
 * runs natively, so a preview here and the award there agree to the point.
 *
 * Every call takes JSON text or plain objects, returns a {@link Result} and
 * never throws. Nothing returned is a handle: there is nothing to `delete()`.
 * @packageDocumentation
 */

/** One problem with one field, located by a JSON Pointer (`/tiers/1/threshold`). */
export interface FieldError {
  pointer: string;
  message: string;
}

/** A successful call: the parsed value and the exact JSON text the core wrote. */
export interface Ok<T> {
  ok: true;
  value: T;
  /** The core's serialisation, byte-identical to the native `loyalty` CLI. */
  json: string;
}

/** A failed call: one line per problem, and the problems by field. */
export interface Failure {
  ok: false;
  error: string;
  errors: FieldError[];
}

export type Result<T> = Ok<T> | Failure;

/** JSON text or an object that is serialised with `JSON.stringify`. */
export type JsonInput<T = unknown> = string | T;

/** When, for the engine: a Date, epoch seconds, or an ISO 8601 string with an offset, read by the core's own parser (as the CLI reads --now: 2026-02-30 or an offset-less time is an error at /now). */
export type Instant = Date | number | string;

/** An amount of money as the core writes it. */
export interface Money {
  /** Integer minor units (cents). */
  amount: number;
  currency: string;
  /** Decimal text without a symbol, e.g. `"12.34"`. */
  display: string;
}

export interface TierProgress {
  /** Tier id, `""` below the first tier. */
  current: string;
  /** Next tier id, `""` at the top. */
  next: string;
  value: number;
  next_threshold: number;
  remaining: number;
}

export interface RedeemOption {
  reward_id: string;
  cost: number;
  /** Money off this cart, in minor units. */
  saves: number;
  affordable: boolean;
  /** Why it cannot be used on this cart (`"balance"`, `"tier"`, `"min_order"`...), absent when usable. */
  blocked?: string;
}

export interface Nudge {
  kind: 'free_shipping' | 'tier';
  /** Tier id for `"tier"`. */
  target?: string;
  amount: Money;
}

export interface PointsReason {
  /** `"base"`, `"multiplier:<id>"`, `"campaign:<id>"`, `"tier:<id>"`, `"membership:<id>"`. */
  rule: string;
  line_id: string;
  points: number;
}

/** What `quote` returns: every point explained. */
export interface Quote {
  points: number;
  eligible: Money;
  lines: { line_id: string; eligible: number; points: number; excluded?: string }[];
  reasons: PointsReason[];
  balance: number;
  pending: number;
  spendable: { points: number; saves: Money; reward_id?: string };  // reward_id: the reward the cart offers (never cashback)
  rewards: RedeemOption[];
  tier: TierProgress;
  nudges: Nudge[];
  program_version: number;
}

/** The summary of a valid program. */
export interface ProgramInfo {
  /** What later calls name the loaded program by (instead of its text): one key per program text. */
  key: ProgramKey;
  shop: string;
  name: string;
  version: number;
  currency: string;
  /**
   * As the core read them (a program that leaves minor_digits out gets its currency's
   * ISO 4217 digits): what the widget's first view formats money with.
   */
  minor_digits: number;
}

/** A program loaded by {@link LoyaltyCore.loadProgram}. */
export type ProgramKey = number;

/** A loaded program's key, or a program (JSON text or object), loaded first. */
export type ProgramRef = ProgramKey | JsonInput;

/** A product as one cart line: the currency is the program's. */
export interface ProductInput {
  product_id: string;
  variant_id?: string;
  quantity?: number;
  /** Minor units, before discounts. */
  unit_price: number;
  discount?: number;
  collections?: string[];
  tags?: string[];
  gift_card?: boolean;
}

export interface CartLineInput extends ProductInput {
  id?: string;
}

export interface CartInput {
  currency: string;
  lines: CartLineInput[];
  order_discount?: number;
  shipping?: number;
  tax?: number;
}

/**
 * The customer's state as the server sends it (core `to_json(CustomerState)`);
 * the quote reads balance, pending, tier and membership.
 */
export interface CustomerStateInput {
  balance: number;
  pending?: number;
  tier?: Partial<TierProgress>;
  membership?: string;
  [key: string]: unknown;
}

/**
 * A customer with a ledger, as the CLI reads it. Only the `-ledger` build
 * (`loyalty-core-wasm-ledger`, tests and tools) replays ledgers; the widget's
 * build quotes from the server's state and refuses a ledger with an error.
 */
export interface CustomerInput {
  id: string;
  ledger?: unknown[];
  [key: string]: unknown;
}

/** Who is quoted: a customer, a state, or `null`/`""` for an anonymous visitor. */
export type Who = JsonInput<CustomerInput | CustomerStateInput> | null | undefined;

export interface NormalizedCode {
  /** Upper case, no separators: what the server expects. */
  code: string;
  /** `"ABCD-EFGH"` for display. */
  display: string;
}

/** The API returned by {@link createLoyaltyCore}. */
export interface LoyaltyCore {
  /**
   * Parses and checks a program once per text and keeps it: later calls name it by
   * `value.key` instead of sending its text again. Errors point at the field.
   */
  loadProgram(program: JsonInput): Result<ProgramInfo>;
  /** The same as loadProgram (the demo's and tests' name for it). */
  validateProgram(program: JsonInput): Result<ProgramInfo>;
  /** Points a cart earns, what the shopper can spend on it, tier progress and nudges. */
  quoteCart(program: ProgramRef, who: Who, cart: JsonInput<CartInput>, now: Instant): Result<Quote>;
  /** The quote of one product (as a one-line cart in the program's currency). */
  quoteProduct(program: ProgramRef, who: Who, product: JsonInput<ProductInput>, now: Instant): Result<Quote>;
  /**
   * Balance, pending, tier progress, rewards affordable now and nudges, for a cart or none.
   * Not in the widget's build (loyalty-core-wasm), which never calls it: there it answers
   * `{ok: false, error: 'customerSummary is not in this build'}`.
   */
  customerSummary(program: ProgramRef, state: Who, cart: JsonInput<CartInput> | null | undefined, now: Instant): Result<Quote>;
  /**
   * What `points` of a variable reward are worth, in minor units of the shop currency
   * (the core's variable_value: whole steps only, exact); errors at /reward_id or /points.
   * With the server's `state` (its `{"balance": ...}`), also refused above its balance:
   * the panel's points picker asks this, so the core decides which picks are valid.
   */
  rewardValue(program: ProgramRef, rewardId: string, points: number, state?: Who): Result<number>;
  /**
   * The program over a CSV order history (the CLI's `simulate`), as of `end` (epoch
   * seconds, 0: the last order + 1 day). Only in the demo's build; elsewhere
   * `{ok: false, error: 'simulate is not in this build'}`.
   */
  simulate(program: ProgramRef, ordersCsv: string, redeemingPercent: number, end?: number): Result<unknown>;
  /**
   * The program as the core writes it back (its `to_json`: every default filled,
   * keys sorted), what the server serves the widget; a draft's errors by field
   * (JSON Pointer) otherwise. Only in the demo's build; elsewhere
   * `{ok: false, error: 'normalizedProgram is not in this build'}`.
   */
  normalizedProgram(program: ProgramRef): Result<unknown>;
  /** Checks a referral code's check character before any request is made. */
  normalizeReferralCode(code: string): Result<NormalizedCode>;
  /**
   * The experiment's variant for a visitor (the customer id, or the anonymous id
   * the widget keeps): the core's assign_variant, as the server computes it.
   * `shownBasisPoints`: 0 to 10000, the share of visitors who see points.
   * Not in the widget's build yet (its page budget): the ledger and demo builds have it.
   */
  assignVariant(experimentId: string, visitorId: string, shownBasisPoints: number): Result<'shown' | 'hidden'>;
  /** Resolves when a restart after a trap has finished (at once otherwise). */
  ready(): Promise<void>;
}

/** Options passed to the emscripten factory. */
export interface ModuleOptions {
  /** The .wasm bytes (Node, tests); otherwise the module fetches it. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where to fetch a file the module names (the .wasm). */
  locateFile?: (path: string, scriptDirectory: string) => string;
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    done: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => unknown;
}

/** The emscripten MODULARIZE factory (`loyalty-core-wasm.js`'s default export). */
export type CoreFactory = (options?: ModuleOptions) => Promise<unknown>;

/** Instantiates the wasm module and returns the API. */
export function createLoyaltyCore(factory: CoreFactory, moduleOptions?: ModuleOptions, firstKey?: number): Promise<LoyaltyCore>;

/** Epoch seconds from a Date or a number of seconds (now when absent); a string gives NaN: the API reads strings with the core's parser. */
export function toSeconds(now?: Date | number | string): number;

