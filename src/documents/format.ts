// French formatting for documents: amounts from integer cents, instants in Paris time, identifiers.
// Formatting only: no arithmetic on floats ever happens here (amounts go through formatEuros, exact).

export { formatEuros } from '../domain/money';

const NBSP = '\u00a0';

const PARIS_PARTS = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parisParts(instant: string | Date): Record<'day' | 'month' | 'year' | 'hour' | 'minute', string> {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`Instant invalide : ${String(instant)}`);
  const parts = { day: '', month: '', year: '', hour: '', minute: '' };
  for (const part of PARIS_PARTS.formatToParts(date)) {
    if (part.type in parts) parts[part.type as keyof typeof parts] = part.value;
  }
  return parts;
}

/** « 31 mars 2021 », « 1er avril 2021 » (the date in Paris). */
export function formatParisDate(instant: string | Date): string {
  const p = parisParts(instant);
  return `${p.day === '1' ? '1er' : p.day}${NBSP}${p.month} ${p.year}`;
}

/** « 31 mars 2021 à 18 h 42 » (Paris wall-clock time; the hour keeps its no-break spaces). */
export function formatParisInstant(instant: string | Date): string {
  const p = parisParts(instant);
  return `${formatParisDate(instant)} à ${p.hour}${NBSP}h${NBSP}${p.minute}`;
}

/** A SIREN in groups of three: « 213 502 388 » (no-break spaces). Other strings are returned as is. */
export function formatSiren(siren: string): string {
  return /^\d{9}$/.test(siren) ? `${siren.slice(0, 3)}${NBSP}${siren.slice(3, 6)}${NBSP}${siren.slice(6)}` : siren;
}

const INTEGER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** A whole number in French: « 1 234 » (narrow no-break space, as Intl writes it). */
export function formatInteger(value: number): string {
  return INTEGER.format(value);
}
