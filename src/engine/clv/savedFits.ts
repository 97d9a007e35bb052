/**
 * Model fits kept in the document (§8, issue 10): a customer base too large to fit within a custom function's 30 s is
 * fitted once from the sidebar, and the functions reuse that fit while the customer summary it was made from is
 * unchanged. A saved fit names its summary by a fingerprint; everything read back is validated.
 */
import { formatDay } from '../days';
import type { BgNbdFit } from './bgnbd';
import type { GammaGammaFit } from './gammaGamma';
import type { CustomerHistory, TimeUnit } from './history';

/** What identifies a customer summary: its calibration end, unit, counts and sums of x, t_x and T. */
export interface SummaryFingerprint {
  readonly calibrationEnd: string;
  readonly unit: TimeUnit;
  readonly customers: number;
  readonly repeatCustomers: number;
  /** Σx, Σt_x and ΣT in the unit, rounded to 1e-6: any purchase added, removed or moved changes one of them. */
  readonly sums: readonly [number, number, number];
}

/** A fit kept in the document, with the summary it was fitted on. */
export interface SavedFit extends SummaryFingerprint {
  readonly bgnbd: BgNbdFit;
  readonly gammaGamma: GammaGammaFit;
  /** When it was fitted (ISO time), for the sidebar to show. */
  readonly fittedAt: string;
}

/** How many fits a document keeps (the latest ones): one per calibration end and unit the functions use. */
export const MAX_SAVED_FITS = 8;

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

/** The fingerprint of a customer summary. */
export function fingerprintOf(h: CustomerHistory): SummaryFingerprint {
  let repeat = 0;
  let sx = 0;
  let stx = 0;
  let sT = 0;
  for (let i = 0; i < h.x.length; i++) {
    if (h.x[i] > 0) repeat++;
    sx += h.x[i];
    stx += h.tx[i];
    sT += h.T[i];
  }
  return {
    calibrationEnd: formatDay(h.calibrationEnd), unit: h.unit, customers: h.x.length, repeatCustomers: repeat,
    sums: [round(sx), round(stx), round(sT)],
  };
}

/** True when two fingerprints name the same summary. */
function same(a: SummaryFingerprint, b: SummaryFingerprint): boolean {
  return a.calibrationEnd === b.calibrationEnd && a.unit === b.unit && a.customers === b.customers &&
    a.repeatCustomers === b.repeatCustomers && a.sums.every((v, i) => v === b.sums[i]);
}

/** The saved fit made from exactly this customer summary, if any. */
export function savedFitFor(h: CustomerHistory, saved: readonly SavedFit[] | undefined): SavedFit | undefined {
  if (!saved || saved.length === 0) return undefined;
  const mine = fingerprintOf(h);
  return saved.find((f) => same(f, mine));
}

/** `saved` with `fit` added (replacing one of the same calibration end and unit), the latest MAX_SAVED_FITS kept. */
export function withFit(saved: readonly SavedFit[], fit: SavedFit): SavedFit[] {
  const others = saved.filter((f) => f.calibrationEnd !== fit.calibrationEnd || f.unit !== fit.unit);
  return [fit, ...others].slice(0, MAX_SAVED_FITS);
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** One stored fit checked field by field; null when any field is broken. */
function checkFit(v: unknown): SavedFit | null {
  if (!v || typeof v !== 'object') return null;
  const f = v as Record<string, unknown>;
  const bg = f.bgnbd as Record<string, unknown> | undefined;
  const gg = f.gammaGamma as Record<string, unknown> | undefined;
  const sums = f.sums;
  if (typeof f.calibrationEnd !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(f.calibrationEnd)) return null;
  if (f.unit !== 'day' && f.unit !== 'week' && f.unit !== 'month') return null;
  if (!Number.isInteger(f.customers) || !Number.isInteger(f.repeatCustomers)) return null;
  if (!Array.isArray(sums) || sums.length !== 3 || !sums.every(finite)) return null;
  if (!bg || ![bg.r, bg.alpha, bg.a, bg.b].every(positive) || !finite(bg.ll)) return null;
  if (!gg || ![gg.p, gg.q, gg.gamma].every(positive) || !finite(gg.ll)) return null;
  return {
    calibrationEnd: f.calibrationEnd, unit: f.unit, customers: f.customers as number, repeatCustomers: f.repeatCustomers as number,
    sums: [sums[0], sums[1], sums[2]],
    bgnbd: { r: bg.r as number, alpha: bg.alpha as number, a: bg.a as number, b: bg.b as number, ll: bg.ll as number },
    gammaGamma: { p: gg.p as number, q: gg.q as number, gamma: gg.gamma as number, ll: gg.ll as number },
    fittedAt: typeof f.fittedAt === 'string' ? f.fittedAt : '',
  };
}

/** The saved fits of a stored JSON text: the valid ones, and a line for each one dropped (or for text that is not JSON). */
export function readSavedFits(text: string | undefined): { fits: SavedFit[]; problems: string[] } {
  if (text === undefined || text === '') return { fits: [], problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { fits: [], problems: ['the saved customer-value fits are not valid JSON and were ignored'] };
  }
  if (!Array.isArray(parsed)) return { fits: [], problems: ['the saved customer-value fits are not a list and were ignored'] };
  const fits: SavedFit[] = [];
  const problems: string[] = [];
  parsed.forEach((v, i) => {
    const f = checkFit(v);
    if (f) fits.push(f);
    else problems.push(`saved customer-value fit ${i + 1} is broken and was ignored`);
  });
  return { fits, problems };
}
