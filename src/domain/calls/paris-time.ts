// Europe/Paris local times to UTC instants, without reading the clock (pure: Intl only).

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
