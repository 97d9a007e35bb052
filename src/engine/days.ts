/** Civil-date arithmetic on day numbers (days since 1970-01-01), free of time zones. */

/** Day number of a civil date (month 1–12); Howard Hinnant's days_from_civil. */
export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date of a day number. */
export function civilFromDay(n: number): { year: number; month: number; day: number } {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** True when year/month/day names a real calendar day. */
export function isValidCivil(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

/** Number of days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayFromCivil(year, month, 1);
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(n: number): number {
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

/** Monday of ISO week `week` of ISO year `year`. */
export function isoWeekStart(year: number, week: number): number {
  const jan4 = dayFromCivil(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1) + (week - 1) * 7;
}

/** ISO year and week that contain a day. */
export function isoWeekOf(n: number): { year: number; week: number } {
  const thursday = n - isoWeekday(n) + 4;
  const year = civilFromDay(thursday).year;
  return { year, week: Math.floor((thursday - dayFromCivil(year, 1, 1)) / 7) + 1 };
}

/** Number of ISO weeks (52 or 53) in an ISO year. */
export function isoWeeksInYear(year: number): number {
  return isoWeekOf(dayFromCivil(year, 12, 28)).week;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;

/** `YYYY-MM-DD` of a day number. */
export function formatDay(n: number): string {
  const c = civilFromDay(n);
  return `${c.year}-${pad2(c.month)}-${pad2(c.day)}`;
}

/** `YYYY-MM` of a (year, month). */
export function formatMonth(year: number, month: number): string {
  return `${year}-${pad2(month)}`;
}

/** `YYYY-Www` of an ISO (year, week). */
export function formatWeek(year: number, week: number): string {
  return `${year}-W${pad2(week)}`;
}

/** Day number of a Sheets/Excel serial date (1899-12-30 is day 0 of the serial scale). */
export function dayFromSerial(serial: number): number {
  return Math.floor(serial) - 25569;
}

/** Sheets serial number of a day number. */
export function serialFromDay(n: number): number {
  return n + 25569;
}
