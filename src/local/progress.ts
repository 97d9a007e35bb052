/**
 * Progress lines for the command line, on stderr so stdout keeps only the table: "[2.1 s] computing the summary…".
 * A quick job prints none. A job known to be big (a large input file) prints every step as it starts; any other
 * job starts printing at the first step that begins after it has run for a second.
 */

/** Where lines go, and the clock (both injectable for tests). */
export interface ProgressOptions {
  readonly write: (line: string) => void;
  /** Milliseconds, monotonic. Default performance.now(). */
  readonly clock?: () => number;
  /** Print from the first step on. Default false. */
  readonly eager?: boolean;
  /** After this many milliseconds every step is printed. Default 1000. */
  readonly slowMs?: number;
}

/** Input files at least this big take about a second to read and summarise: about 50 000 deal rows (an HTML .xls spends twice a CSV's bytes on tags). */
export const BIG_INPUT_BYTES = { csv: 4_000_000, xlsx: 1_500_000, xls: 8_000_000 } as const;

/** Deal tables with more rows than this take over a second to summarise and write. */
export const BIG_TABLE_ROWS = 50_000;

/** Reports the steps of a job: each `step` may print one line; `done` closes the report. */
export class Progress {
  private readonly write: (line: string) => void;
  private readonly clock: () => number;
  private readonly slowMs: number;
  private readonly started: number;
  private eager: boolean;
  private printed = false;

  constructor(options: ProgressOptions) {
    this.write = options.write;
    this.clock = options.clock ?? (() => performance.now());
    this.slowMs = options.slowMs ?? 1000;
    this.eager = options.eager ?? false;
    this.started = this.clock();
  }

  /** Seconds since the job started, as printed: "2.1 s". */
  elapsed(): string {
    return `${((this.clock() - this.started) / 1000).toFixed(1)} s`;
  }

  /** From now on print every step (the job turned out to be big). */
  expectSlow(): void {
    this.eager = true;
  }

  /** A step begins; printed when the job is big or has already taken a while. */
  step(message: string): void {
    if (!this.eager && this.clock() - this.started < this.slowMs) return;
    this.write(`[${this.elapsed()}] ${message}…`);
    this.printed = true;
  }

  /** The job is over; says so with the total time if any step was printed. */
  done(message = 'done'): void {
    if (this.printed) this.write(`[${this.elapsed()}] ${message}`);
  }
}
