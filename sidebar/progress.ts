/**
 * The build's progress as steps. One server call does all of a build, so the steps advance on a timer while
 * it runs, the last one waits for the answer, and the answer completes them all (or fails the current one).
 */

/** The steps of a build, in order. */
export const STEPS = ['reading', 'computing', 'writing'] as const;
export type Step = (typeof STEPS)[number];
export type StepState = 'pending' | 'active' | 'done' | 'failed';
export type Outcome = 'running' | 'done' | 'failed';

/** How long each step is shown before the next one starts, in milliseconds. */
export const STEP_MS = 1500;

/** The index of the step shown as current after `elapsed` ms: it never passes the last one. */
export function currentStep(elapsed: number, stepMs: number = STEP_MS): number {
  const i = Math.floor(Math.max(0, elapsed) / Math.max(1, stepMs));
  return Math.min(STEPS.length - 1, i);
}

/** Each step's state `elapsed` ms after the call started, while it runs or once it returned. */
export function stepStates(elapsed: number, outcome: Outcome, stepMs: number = STEP_MS): StepState[] {
  if (outcome === 'done') return STEPS.map(() => 'done');
  const current = currentStep(elapsed, stepMs);
  return STEPS.map((_, i) => (i < current ? 'done' : i > current ? 'pending' : outcome === 'failed' ? 'failed' : 'active'));
}
