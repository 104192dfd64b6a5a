export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${units[unit]}`;
}

export function formatSpeed(bytesPerSecond: number, locale: string): string {
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

/** "1:05", "12:00", "1:02:03" for an ETA or countdown. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

const countFormats = new Map<string, Intl.NumberFormat>();

/** "1,204": a count in the locale's digits. Cached: toLocaleString builds a formatter per call. */
export function formatCount(n: number, locale: string): string {
  let format = countFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    countFormats.set(locale, format);
  }
  return format.format(n);
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Hours and minutes. The formatter is cached: building one per call showed up in profiles of long lists. */
export function formatTime(ts: number, locale: string): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    timeFormats.set(locale, format);
  }
  return format.format(ts);
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Day and time, e.g. "Jan 5, 9:41 AM" / "1월 5일 오전 9:41" (a search result's when). */
export function formatDateTime(ts: number, locale: string): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(ts);
}
