/**
 * Strict stand-ins for the services the scheduled rebuild uses beyond fakeSheets: ScriptApp's time-driven
 * triggers, MailApp, and a Session that adds getEffectiveUser() to fakeSheets' Session. Same rules as fakeSheets:
 * every call counted by "Class.method", any member the fake lacks throws on read, and the fake throws wherever
 * Apps Script throws (with its message where known, else a message starting "fake").
 *
 * What it models of Apps Script:
 * - an add-on holds at most one time-driven trigger per user and document: a second create() throws;
 * - a clock trigger needs a frequency (everyDays or everyWeeks, or a week day); atHour takes 0..23, and
 *   everyDays and everyWeeks exclude each other; a week day goes with weekly only;
 * - a builder creates one trigger; deleteTrigger takes a trigger of this project that still exists;
 * - sendEmail takes the message-object form; each recipient spends one of the daily quota, and an empty
 *   quota throws Apps Script's message.
 */
import type { Calls } from './fakeSheets';

/** A trigger as the inspection helper reports it. */
export interface TriggerInfo {
  readonly id: string;
  readonly handler: string;
  readonly every: { readonly unit: 'days' | 'weeks'; readonly n: number };
  readonly atHour: number | null;
  /** A WeekDay name ('MONDAY'), or null. */
  readonly weekDay: string | null;
  readonly timeZone: string | null;
}

/** An email MailApp sent. */
export interface SentEmail {
  readonly to: string;
  readonly subject: string;
  readonly htmlBody?: string;
  readonly body?: string;
  readonly name?: string;
}

/** What the stand-in starts with. */
export interface FakeTriggersOptions {
  /** The call counts to add to (pass fakeSheets' `calls` to count everything in one map); default a map of its own. */
  readonly calls?: Calls;
  /** fakeSheets' Session, whose members the wrapped Session keeps. */
  readonly session?: GoogleAppsScript.Base.Session;
  /** Session.getEffectiveUser().getEmail() (default 'owner@example.com'; '' for an account without one). */
  readonly email?: string;
  /** MailApp.getRemainingDailyQuota() at the start (default 100). */
  readonly quota?: number;
  /** Clock triggers this add-on may already hold in the document, made by earlier runs (their handlers). */
  readonly triggers?: readonly string[];
}

/** The globals to install. */
export interface FakeTriggersGlobals {
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  MailApp: GoogleAppsScript.Mail.MailApp;
  Session: GoogleAppsScript.Base.Session;
}

/** The stand-in: globals, call counts, and what it holds and sent. */
export interface FakeTriggers {
  readonly globals: FakeTriggersGlobals;
  readonly calls: Calls;
  /** The project's triggers now, in creation order. */
  triggers(): TriggerInfo[];
  /** Every email sent, in order. */
  readonly emails: SentEmail[];
  /** The daily email quota left. */
  quota(): number;
}

// Probes that vitest, Promise resolution and printing make on any object; they are not calls into a service.
const PROBES = new Set(['then', 'toJSON', 'constructor', 'asymmetricMatch', '$$typeof', 'nodeType', 'tagName', '@@__IMMUTABLE_ITERABLE__@@', '@@__IMMUTABLE_RECORD__@@']);

/** An object whose members are exactly `members`; each function member counts "cls.name" when called. */
function strictObject<T>(cls: string, members: Record<string, unknown>, count: (key: string) => void): T {
  const target: Record<string, unknown> = Object.create(null);
  for (const [name, member] of Object.entries(members)) {
    const fn = member as (...args: unknown[]) => unknown;
    target[name] = typeof member === 'function' ? (...args: unknown[]) => { count(`${cls}.${name}`); return fn(...args); } : member;
  }
  target.toString = () => cls;
  return new Proxy(target, {
    get(t, p) {
      if (typeof p === 'symbol') return undefined;
      if (p in t) return t[p];
      if (PROBES.has(p)) return undefined;
      throw new Error(`fake ${cls}: ${p} is not part of the fake`);
    },
    set(_t, p) {
      throw new Error(`fake ${cls}: cannot set ${String(p)} on a service object`);
    },
  }) as T;
}

/** Apps Script's message for arguments that match no overload. */
function signatureError(method: string, args: readonly unknown[]): Error {
  const type = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'Object[]' : typeof v === 'object' ? String(v) === '[object Object]' ? 'Object' : String(v) : typeof v === 'string' ? 'String' : typeof v);
  return new Error(`The parameters (${args.map(type).join(',')}) don't match the method signature for ${method}.`);
}

function arity(method: string, args: readonly unknown[], ...allowed: number[]): void {
  if (!allowed.includes(args.length)) throw signatureError(method, args);
}

/** A whole-number argument within min..max. */
function integerIn(method: string, args: readonly unknown[], min: number, max: number): number {
  arity(method, args, 1);
  const v = args[0];
  if (typeof v !== 'number' || Number.isNaN(v)) throw signatureError(method, args);
  if (!Number.isInteger(v)) throw new Error(`fake ${method}: ${v} is not an integer (Apps Script would truncate it)`);
  if (v < min || v > max) throw new Error(`fake ${method}: ${v} is outside ${min}..${max}`);
  return v;
}

const WEEK_DAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
const MESSAGE_KEYS = new Set(['to', 'cc', 'bcc', 'replyTo', 'subject', 'body', 'htmlBody', 'name', 'noReply']);
/** Apps Script's message when an add-on creates a second time-driven trigger in a document. */
export const TOO_MANY_TRIGGERS = 'This add-on has created too many time-based triggers in this document for this Google user account.';

interface TriggerState {
  id: string;
  handler: string;
  every: { unit: 'days' | 'weeks'; n: number };
  atHour: number | null;
  weekDay: string | null;
  timeZone: string | null;
  deleted: boolean;
}

/** The stand-in for ScriptApp (time-driven triggers), MailApp and Session.getEffectiveUser. */
export function fakeTriggers(options: FakeTriggersOptions = {}): FakeTriggers {
  const calls: Calls = options.calls ?? new Map();
  const count = (k: string): void => { calls.set(k, (calls.get(k) ?? 0) + 1); };
  const triggers: TriggerState[] = [];
  const stateOf = new WeakMap<object, TriggerState>();
  const emails: SentEmail[] = [];
  let quota = options.quota ?? 100;
  let nextId = 1;

  const weekDayOf = new Map<unknown, string>();
  const weekDays: Record<string, unknown> = {};
  for (const name of WEEK_DAYS) {
    const value = Object.freeze({ toString: () => name, toJSON: () => name, name: () => name });
    weekDayOf.set(value, name);
    weekDays[name] = value;
  }
  const WeekDay = strictObject<Record<string, unknown>>('Weekday', weekDays, count);
  const EventType = strictObject<Record<string, unknown>>('EventType', { CLOCK: Object.freeze({ toString: () => 'CLOCK', toJSON: () => 'CLOCK' }) }, count);

  const trigger = (st: TriggerState): GoogleAppsScript.Script.Trigger => {
    const M = (m: string) => `ScriptApp.Trigger.${m}`;
    const t = strictObject<GoogleAppsScript.Script.Trigger>('Trigger', {
      getHandlerFunction: (...a: unknown[]) => { arity(M('getHandlerFunction'), a, 0); return st.handler; },
      getUniqueId: (...a: unknown[]) => { arity(M('getUniqueId'), a, 0); return st.id; },
      getEventType: (...a: unknown[]) => { arity(M('getEventType'), a, 0); return EventType.CLOCK; },
    }, count);
    stateOf.set(t, st);
    return t;
  };

  const addTrigger = (handler: string, every: TriggerState['every'], atHour: number | null, weekDay: string | null, timeZone: string | null): TriggerState => {
    if (triggers.some((x) => !x.deleted)) throw new Error(TOO_MANY_TRIGGERS);
    const st: TriggerState = { id: String(nextId++), handler, every, atHour, weekDay, timeZone, deleted: false };
    triggers.push(st);
    return st;
  };
  for (const handler of options.triggers ?? []) {
    const st: TriggerState = { id: String(nextId++), handler, every: { unit: 'days', n: 1 }, atHour: null, weekDay: null, timeZone: null, deleted: false };
    triggers.push(st);
  }

  const clockBuilder = (handler: string): GoogleAppsScript.Script.ClockTriggerBuilder => {
    const M = (m: string) => `ScriptApp.ClockTriggerBuilder.${m}`;
    const b: { every: TriggerState['every'] | null; atHour: number | null; weekDay: string | null; timeZone: string | null; created: boolean } = {
      every: null, atHour: null, weekDay: null, timeZone: null, created: false,
    };
    const every = (unit: 'days' | 'weeks', m: string, a: unknown[]) => {
      const n = integerIn(M(m), a, 1, unit === 'days' ? 366 : 52);
      if (b.every && b.every.unit !== unit) throw new Error(`fake ${M(m)}: the trigger already runs every ${b.every.unit}`);
      if (unit === 'days' && b.weekDay) throw new Error(`fake ${M(m)}: a week day goes with everyWeeks, not everyDays`);
      b.every = { unit, n };
      return builder;
    };
    const builder: GoogleAppsScript.Script.ClockTriggerBuilder = strictObject('ClockTriggerBuilder', {
      everyDays: (...a: unknown[]) => every('days', 'everyDays', a),
      everyWeeks: (...a: unknown[]) => every('weeks', 'everyWeeks', a),
      atHour: (...a: unknown[]) => { b.atHour = integerIn(M('atHour'), a, 0, 23); return builder; },
      onWeekDay: (...a: unknown[]) => {
        arity(M('onWeekDay'), a, 1);
        const day = weekDayOf.get(a[0]);
        if (!day) throw signatureError(M('onWeekDay'), a);
        if (b.every?.unit === 'days') throw new Error(`fake ${M('onWeekDay')}: a week day goes with everyWeeks, not everyDays`);
        b.weekDay = day;
        return builder;
      },
      inTimezone: (...a: unknown[]) => {
        arity(M('inTimezone'), a, 1);
        const tz = a[0];
        if (typeof tz !== 'string') throw signatureError(M('inTimezone'), a);
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: tz });
        } catch {
          throw new Error(`Invalid argument: timezone (${tz})`);
        }
        b.timeZone = tz;
        return builder;
      },
      create: (...a: unknown[]) => {
        arity(M('create'), a, 0);
        if (b.created) throw new Error(`fake ${M('create')}: this builder already created its trigger`);
        const freq = b.every ?? (b.weekDay ? { unit: 'weeks' as const, n: 1 } : null);
        if (!freq) throw new Error(`fake ${M('create')}: a clock trigger needs a frequency (everyDays, everyWeeks or onWeekDay)`);
        const st = addTrigger(handler, freq, b.atHour, b.weekDay, b.timeZone);
        b.created = true;
        return trigger(st);
      },
    }, count);
    return builder;
  };

  const ScriptApp = strictObject<GoogleAppsScript.Script.ScriptApp>('ScriptApp', {
    newTrigger: (...a: unknown[]) => {
      arity('ScriptApp.newTrigger', a, 1);
      const handler = a[0];
      if (typeof handler !== 'string') throw signatureError('ScriptApp.newTrigger', a);
      if (handler === '') throw new Error('fake ScriptApp.newTrigger: an empty function name');
      return strictObject('TriggerBuilder', {
        timeBased: (...b: unknown[]) => { arity('ScriptApp.TriggerBuilder.timeBased', b, 0); return clockBuilder(handler); },
      }, count);
    },
    getProjectTriggers: (...a: unknown[]) => {
      arity('ScriptApp.getProjectTriggers', a, 0);
      return triggers.filter((t) => !t.deleted).map(trigger);
    },
    // An add-on's triggers belong to a user and a document: the stand-in holds one document, so all of them.
    getUserTriggers: (...a: unknown[]) => {
      arity('ScriptApp.getUserTriggers', a, 1);
      if (typeof a[0] !== 'object' || a[0] === null || String(a[0]) !== 'Spreadsheet') throw signatureError('ScriptApp.getUserTriggers', a);
      return triggers.filter((t) => !t.deleted).map(trigger);
    },
    deleteTrigger: (...a: unknown[]) => {
      arity('ScriptApp.deleteTrigger', a, 1);
      const st = stateOf.get(a[0] as object);
      if (!st) throw signatureError('ScriptApp.deleteTrigger', a);
      if (st.deleted) throw new Error('fake ScriptApp.deleteTrigger: the trigger was already deleted');
      st.deleted = true;
    },
    WeekDay,
    EventType,
  }, count);

  const MailApp = strictObject<GoogleAppsScript.Mail.MailApp>('MailApp', {
    sendEmail: (...a: unknown[]) => {
      const method = 'MailApp.sendEmail';
      if (a.length !== 1) throw new Error(`fake ${method}: only the sendEmail(message) form is part of the fake`);
      const m = a[0];
      if (typeof m !== 'object' || m === null || Array.isArray(m)) throw signatureError(method, a);
      const msg = m as Record<string, unknown>;
      for (const k of Object.keys(msg)) if (!MESSAGE_KEYS.has(k)) throw new Error(`fake ${method}: "${k}" is not a message field of the fake`);
      for (const k of Object.keys(msg)) if (typeof msg[k] !== 'string' && k !== 'noReply') throw new Error(`fake ${method}: ${k} must be text`);
      const to = typeof msg.to === 'string' ? msg.to : '';
      const recipients = to.split(',').map((x) => x.trim()).filter((x) => x !== '');
      if (recipients.length === 0) throw new Error('Failed to send email: no recipient');
      for (const r of recipients) if (!/^[^@\s]+@[^@\s]+$/.test(r)) throw new Error(`Invalid email: ${r}`);
      if (typeof msg.subject !== 'string') throw new Error('fake MailApp.sendEmail: no subject');
      if (typeof msg.body !== 'string' && typeof msg.htmlBody !== 'string') throw new Error('fake MailApp.sendEmail: no body or htmlBody');
      if (quota < recipients.length) throw new Error('Service invoked too many times for one day: email.');
      quota -= recipients.length;
      emails.push({
        to, subject: msg.subject,
        ...(typeof msg.htmlBody === 'string' ? { htmlBody: msg.htmlBody } : {}),
        ...(typeof msg.body === 'string' ? { body: msg.body } : {}),
        ...(typeof msg.name === 'string' ? { name: msg.name } : {}),
      });
    },
    getRemainingDailyQuota: (...a: unknown[]) => { arity('MailApp.getRemainingDailyQuota', a, 0); return quota; },
  }, count);

  const inner = options.session;
  const email = options.email ?? 'owner@example.com';
  const user = strictObject<GoogleAppsScript.Base.User>('User', {
    getEmail: (...a: unknown[]) => { arity('Session.User.getEmail', a, 0); return email; },
  }, count);
  // fakeSheets' own members are handed on uncounted here: its Session counts them itself.
  const Session = new Proxy(strictObject<Record<string, unknown>>('Session', {
    getEffectiveUser: (...a: unknown[]) => { arity('Session.getEffectiveUser', a, 0); return user; },
  }, count), {
    get(t, p) {
      if (typeof p === 'string' && p !== 'getEffectiveUser' && inner && !PROBES.has(p)) return (inner as unknown as Record<string, unknown>)[p];
      return t[p as string];
    },
  }) as unknown as GoogleAppsScript.Base.Session;

  return {
    globals: { ScriptApp, MailApp, Session },
    calls,
    triggers: () => triggers.filter((t) => !t.deleted).map(({ id, handler, every, atHour, weekDay, timeZone }) => ({ id, handler, every: { ...every }, atHour, weekDay, timeZone })),
    emails,
    quota: () => quota,
  };
}
