/** Helpers for calculator forms: reading their numeric arguments. */
import { KpiError } from '../errors';

/** A required calculator argument; blank is an error naming it. */
export function num(v: number | undefined, name: string): number {
  if (v === undefined) throw new KpiError(`${name} is missing`);
  return v;
}

/** An optional calculator argument: blank takes the default (§6). */
export function opt(v: number | undefined, fallback: number): number {
  return v === undefined ? fallback : v;
}
