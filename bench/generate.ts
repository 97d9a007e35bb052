/**
 * A seeded generator of realistic deal tables, shaped exactly as `Range.getValues()` hands a deal sheet
 * to a script: a header row, then one array per deal with `Date`s at UTC midnight, numbers for money and
 * probabilities, strings for labels and `''` for blank cells.
 *
 * The table is a CRM export in creation order over 24 months: 8 reps of different skill and activity,
 * 6 lead sources with their own deal sizes and win rates, customers who come back (a few very often,
 * most never: Zipf-like), open deals with stage probabilities, lost deals with a close date, won deals
 * with amount and cost, and a small share of refunds (won rows with a negative amount and cost).
 * Every date falls in `[start, start + months)`, so with the default start everything is before
 * `SAMPLE_NOW`. Used by the benchmark, the tests and the local runtime's sample data.
 */

/** The header row, in the order of the columns. */
export const DEAL_HEADER = [
  'Deal ID', 'Created', 'Qualified', 'Closed', 'Amount', 'Cost', 'Status', 'Stage', 'Probability', 'Rep', 'Customer',
  'Source', 'Type',
] as const;

/** Column indexes of `DEAL_HEADER`, for readers of a generated table. */
export const COL = {
  id: 0, created: 1, qualified: 2, closed: 3, amount: 4, cost: 5, status: 6, stage: 7, probability: 8, rep: 9,
  customer: 10, source: 11, type: 12,
} as const;

/** An instant after every date of a table with the default start: pass it as `env.now` / `ReadOptions.now`. */
export const SAMPLE_NOW = Date.UTC(2025, 5, 1);

/** The default first day of the generated span. */
export const DEFAULT_START = new Date(Date.UTC(2023, 0, 1));

/** The sales reps: name, share of the leads they take, and how much better than average they close. */
export const REPS: readonly { readonly name: string; readonly share: number; readonly skill: number }[] = [
  { name: 'Anna Petrova', share: 0.18, skill: 1.25 },
  { name: 'Boris Ivanov', share: 0.15, skill: 1.0 },
  { name: 'Carla Mendes', share: 0.14, skill: 1.1 },
  { name: 'David Cohen', share: 0.13, skill: 0.85 },
  { name: 'Elena Sokolova', share: 0.12, skill: 1.15 },
  { name: 'Farid Haddad', share: 0.11, skill: 0.9 },
  { name: 'Grace Liu', share: 0.1, skill: 1.05 },
  { name: 'Hugo Martin', share: 0.07, skill: 0.7 },
];

/** The lead sources: share of new leads, base win rate, typical deal size and days to close. */
export const SOURCES: readonly {
  readonly name: string; readonly share: number; readonly winRate: number; readonly size: number; readonly cycle: number;
}[] = [
  { name: 'Website', share: 0.3, winRate: 0.3, size: 4000, cycle: 25 },
  { name: 'Google Ads', share: 0.22, winRate: 0.22, size: 3000, cycle: 20 },
  { name: 'Referral', share: 0.14, winRate: 0.5, size: 6000, cycle: 30 },
  { name: 'Cold call', share: 0.14, winRate: 0.15, size: 5000, cycle: 45 },
  { name: 'Events', share: 0.1, winRate: 0.35, size: 9000, cycle: 50 },
  { name: 'Partners', share: 0.1, winRate: 0.4, size: 12000, cycle: 60 },
];

/** Open stages in pipeline order, with the win probability the CRM shows for each. */
export const OPEN_STAGES: readonly { readonly name: string; readonly probability: number }[] = [
  { name: 'Lead', probability: 0.1 },
  { name: 'Qualification', probability: 0.2 },
  { name: 'Proposal', probability: 0.5 },
  { name: 'Negotiation', probability: 0.75 },
];

/** How to generate a table. */
export interface DealGenOptions {
  /** Number of data rows (the header is extra). */
  readonly rows: number;
  /** Any 32-bit integer; the same seed always gives the same table. */
  readonly seed: number;
  /** First day of the span, read at UTC midnight. Default 2023-01-01. */
  readonly start?: Date;
  /** Length of the span in calendar months. Default 24. */
  readonly months?: number;
}

/** mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86400000;
/** Share of leads that come from an existing customer rather than a new one. */
const RETURNING_SHARE = 0.4;
/** Chance that a step emits a refund of an earlier won deal instead of a new deal. */
const REFUND_SHARE = 0.01;
/** Chance that a returning customer's deal goes to their account owner rather than any rep. */
const OWNER_LOYALTY = 0.85;
/** How many days after its creation a won deal may still be refunded (closing takes part of them). */
const REFUND_WINDOW = 150;
/** Growth of lead volume from the first day to the last (the last day has 1 + GROWTH times the first's). */
const GROWTH = 0.5;

/** Index into `weights` (which sum to 1) picked by `u` in [0, 1). */
function pick(weights: readonly { readonly share: number }[], u: number): number {
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i].share;
    if (u < acc) return i;
  }
  return weights.length - 1;
}

/** A standard normal deviate from two uniforms (Box–Muller). */
function gauss(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Day number (UTC) `months` calendar months after `day`. */
function addMonths(day: number, months: number): number {
  const d = new Date(day * DAY_MS);
  return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / DAY_MS);
}

/** Creation day offset of the `q`-quantile (0 ≤ q < 1) of leads over `span` days growing linearly by GROWTH. */
function createdOffset(q: number, span: number): number {
  // Inverse CDF of the density 1 + GROWTH·t/span on [0, span).
  return (span * (-1 + Math.sqrt(1 + 2 * GROWTH * q * (1 + GROWTH / 2)))) / GROWTH;
}

/** A Date cell for a UTC day number, as Sheets hands a date in a UTC spreadsheet. */
const dateCell = (day: number): Date => new Date(day * DAY_MS);

/**
 * `prefix` and a zero-padded number as one flat string, as getValues() hands text over: `+` and template
 * literals build a rope (a V8 ConsString) past 12 characters, which costs its reader a flattening.
 */
const numbered = (prefix: string, n: number, width: number): string => [prefix, String(n).padStart(width, '0')].join('');

/** `D-0000042`: a CRM-style deal id. */
const dealId = (n: number): string => numbered('D-', n, 7);

/** `Customer 000042`: a customer name. */
const customerName = (n: number): string => numbered('Customer ', n, 6);

/** What the generator remembers of a customer to make their later deals look like a real account's. */
interface Account {
  readonly name: string;
  readonly rep: number;
  readonly source: number;
  /** Earliest close day of a won deal so far, Infinity before the first purchase. */
  firstWon: number;
}

/** A won deal a later refund may reverse. */
interface Sale {
  readonly row: unknown[];
  readonly created: number;
  readonly closed: number;
}

/**
 * Generates a deal table: `rows` data rows after the header, in creation order, the same for the same
 * options. Deals that would close after the span ends are still open at its end.
 */
export function generateDeals(options: DealGenOptions): unknown[][] {
  const { rows, seed } = options;
  const rand = mulberry32(seed);
  const first = Math.floor((options.start ?? DEFAULT_START).getTime() / DAY_MS);
  const end = addMonths(first, options.months ?? 24);
  const span = end - first;
  const out: unknown[][] = [DEAL_HEADER.slice()];
  const accounts: Account[] = [];
  // Won deals in creation order; refunds draw from those created in the last REFUND_WINDOW days.
  const sales: Sale[] = [];
  let recent = 0;

  for (let i = 0; i < rows; i++) {
    const created = first + Math.min(span - 1, Math.floor(createdOffset((i + rand()) / rows, span)));
    while (recent < sales.length && sales[recent].created < created - REFUND_WINDOW) recent++;
    const refund = rand() < REFUND_SHARE ? refundOf(sales, recent, created, rand, i + 1) : null;
    if (refund) {
      out.push(refund);
      continue;
    }
    const returning = accounts.length > 0 && rand() < RETURNING_SHARE;
    // Zipf-like: the cube of a uniform favours the earliest accounts, so a few customers buy very often.
    const account = returning ? accounts[Math.floor(accounts.length * rand() ** 3)] : newAccount(accounts, rand);
    const rep = returning && rand() < OWNER_LOYALTY ? account.rep : pick(REPS, rand());
    const src = SOURCES[account.source];
    const hasBought = account.firstWon < created;
    const type = !hasBought ? 'new' : ['repeat', 'repeat', 'upsell', 'cross-sell'][Math.floor(rand() * 4)];
    const amount = Math.max(100, Math.round((src.size * (type === 'upsell' ? 0.5 : 1) * Math.exp(0.7 * gauss(rand))) / 10) * 10);
    const winRate = Math.min(0.9, src.winRate * REPS[rep].skill * (hasBought ? 1.6 : 1));
    const cycle = Math.round(3 + src.cycle * -Math.log(1 - rand()) * (hasBought ? 0.6 : 1));
    const closeDay = created + cycle;
    const row: unknown[] = [dealId(i + 1), dateCell(created), '', '', amount, '', '', '', '', REPS[rep].name, account.name, src.name, type];

    if (closeDay >= end) {
      // Still open at the end of the span: somewhere in the pipeline, the further the older it is.
      const age = (end - created) / (src.cycle * 2);
      const stage = Math.min(OPEN_STAGES.length - 1, Math.floor(age * OPEN_STAGES.length * rand() + rand() * 2));
      row[COL.status] = 'open';
      row[COL.stage] = OPEN_STAGES[stage].name;
      row[COL.probability] = OPEN_STAGES[stage].probability;
      if (stage > 0) row[COL.qualified] = dateCell(created + Math.floor((end - 1 - created) * rand() * 0.5));
    } else if (rand() < winRate) {
      row[COL.status] = 'won';
      row[COL.stage] = 'Closed won';
      row[COL.closed] = dateCell(closeDay);
      row[COL.qualified] = dateCell(created + Math.floor(cycle * rand() * 0.5));
      row[COL.cost] = Math.round(amount * (0.45 + 0.3 * rand()));
      if (closeDay < account.firstWon) account.firstWon = closeDay;
      sales.push({ row, created, closed: closeDay });
    } else {
      row[COL.status] = 'lost';
      row[COL.stage] = 'Closed lost';
      row[COL.closed] = dateCell(created + Math.round(cycle * (0.4 + 0.6 * rand())));
      if (rand() < 0.6) row[COL.qualified] = dateCell(created + Math.floor(cycle * rand() * 0.3));
    }
    out.push(row);
  }
  return out;
}

/** A new account with its first rep and lead source. */
function newAccount(accounts: Account[], rand: () => number): Account {
  const a: Account = { name: customerName(accounts.length + 1), rep: pick(REPS, rand()), source: pick(SOURCES, rand()), firstWon: Infinity };
  accounts.push(a);
  return a;
}

/**
 * A refund row dated `day` reversing part or all of a sale from `sales[from…]` closed before `day`
 * (amount and cost both negative; same rep, customer, source and type), or null when none is closed yet.
 */
function refundOf(sales: readonly Sale[], from: number, day: number, rand: () => number, n: number): unknown[] | null {
  if (from >= sales.length) return null;
  const sale = sales[from + Math.floor(rand() * (sales.length - from))];
  if (sale.closed >= day) return null;
  const share = rand() < 0.5 ? 1 : 0.2 + 0.6 * rand();
  const r = sale.row;
  return [
    numbered('R-', n, 7), dateCell(day), '', dateCell(day),
    -Math.round((r[COL.amount] as number) * share), -Math.round((r[COL.cost] as number) * share),
    'won', 'Refund', '', r[COL.rep], r[COL.customer], r[COL.source], r[COL.type],
  ];
}
