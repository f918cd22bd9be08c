// Formatting at the edge (DESIGN.md conventions): French numbers and dates, Paris time.
import { formatParis } from '../domain/paris-time';

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const decimal1 = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export const formatInteger = (n: number): string => integer.format(n);
export const formatDecimal = (n: number): string => decimal1.format(n);

/** « 5 écoles », « 1 école », « 0 école » (French plural: 0 and 1 are singular). */
export function plural(n: number, singular: string, pluralForm = singular + 's'): string {
  return `${formatInteger(n)} ${Math.abs(n) < 2 ? singular : pluralForm}`;
}

export const formatDateTime = (iso: string): string => formatParis(iso, 'dateTime');

export function formatDate(iso: string): string {
  const d = new Date(iso.length === 10 ? iso + 'T12:00:00Z' : iso);
  return Number.isNaN(d.getTime()) ? iso : formatParis(d, 'date');
}

export const sectorLabel = (s: 'public' | 'private'): string => (s === 'public' ? 'Public' : 'Privé sous contrat');
