// Paris time, without reading the clock (pure: Intl only): local times of a call's rules to UTC
// instants, and instants written in French as Intl's fr-FR formats write them. Every date a page
// shows goes through `formatParis`.

const PARIS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Paris from UTC, in ms, at this instant (+3 600 000 in winter, +7 200 000 in summer). */
function parisOffsetMs(utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of PARIS.formatToParts(new Date(utcMs))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** `parisLocalToUtcIso('2021-01-14T00:00:00')` is '2021-01-13T23:00:00.000Z'. */
export function parisLocalToUtcIso(local: string): string {
  const m = LOCAL.exec(local);
  if (m === null) throw new Error(`Expected YYYY-MM-DDTHH:mm:ss, got ${local}`);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let utc = asUtc - parisOffsetMs(asUtc);
  const offset = parisOffsetMs(utc);
  if (asUtc - offset !== utc) utc = asUtc - offset; // the guess crossed a change of offset
  return new Date(utc).toISOString();
}


const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();

/**
 * Paris's offset at an instant, from Intl once per UTC hour: since 1945 Paris has changed offset
 * only on the hour (01:00 UTC since 1976), so every instant of an hour shares its offset.
 */
function cachedParisOffsetMs(utcMs: number): number {
  const hour = Math.floor(utcMs / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    if (offsets.size >= 100_000) offsets.clear();
    offset = parisOffsetMs(hour * HOUR_MS);
    offsets.set(hour, offset);
  }
  return offset;
}

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** The wall clock in Paris: a Date whose UTC fields are Paris's. */
type Wall = Date;
const longDate = (w: Wall) => `${w.getUTCDate()} ${MONTHS[w.getUTCMonth()]} ${w.getUTCFullYear()}`;
const shortDate = (w: Wall) => `${two(w.getUTCDate())}/${two(w.getUTCMonth() + 1)}/${w.getUTCFullYear()}`;
const hm = (w: Wall) => `${two(w.getUTCHours())}:${two(w.getUTCMinutes())}`;
const hms = (w: Wall) => `${hm(w)}:${two(w.getUTCSeconds())}`;

/** The styles of the platform, each as Intl's fr-FR writes it and as it is built here. */
const STYLES = {
  /** « 1 avril 2021 » */
  date: { intl: { dateStyle: 'long' }, write: longDate },
  /** « 1 avril 2021 à 09:05 » */
  dateTime: { intl: { dateStyle: 'long', timeStyle: 'short' }, write: (w: Wall) => `${longDate(w)} à ${hm(w)}` },
  /** « 1 avril 2021 à 09:05:09 » */
  instant: { intl: { dateStyle: 'long', timeStyle: 'medium' }, write: (w: Wall) => `${longDate(w)} à ${hms(w)}` },
  /** « 01/04/2021 » */
  day: { intl: { day: '2-digit', month: '2-digit', year: 'numeric' }, write: shortDate },
  /** « 01/04/2021 09:05 » */
  short: { intl: { dateStyle: 'short', timeStyle: 'short' }, write: (w: Wall) => `${shortDate(w)} ${hm(w)}` },
  /** « 01/04/2021 09:05:09 » */
  shortSeconds: { intl: { dateStyle: 'short', timeStyle: 'medium' }, write: (w: Wall) => `${shortDate(w)} ${hms(w)}` },
  /** « 09:05 » */
  time: { intl: { hour: '2-digit', minute: '2-digit' }, write: hm },
} satisfies Record<string, { intl: Intl.DateTimeFormatOptions; write: (w: Wall) => string }>;

export type ParisStyle = keyof typeof STYLES;

const intlFormats = new Map<ParisStyle, Intl.DateTimeFormat>();
const intlFormat = (style: ParisStyle): Intl.DateTimeFormat => {
  let f = intlFormats.get(style);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...STYLES[style].intl });
    intlFormats.set(style, f);
  }
  return f;
};

const MIN_FAST = Date.UTC(1950, 0, 1);
const MAX_FAST = Date.UTC(9999, 0, 1);

/**
 * An instant in Paris time, in French: exactly what Intl's fr-FR format of that style writes (the
 * tests compare the two across changes of offset), built from the wall clock for instants from 1950
 * on: a long history or a queue writes hundreds of dates, and Intl takes microseconds for each.
 * Text that is not an instant is given back as it is.
 */
export function formatParis(instant: string | Date, style: ParisStyle): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(t)) return String(instant);
  if (t < MIN_FAST || t >= MAX_FAST) return intlFormat(style).format(t);
  return STYLES[style].write(new Date(t + cachedParisOffsetMs(t)));
}
