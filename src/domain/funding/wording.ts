// Small French wording helpers shared by findings and explanation.

import { formatEuros, ratePercent, type Rate } from '../money';
import type { DossierSchool } from './types';

export const eur = formatEuros;

/** « l'école 0350001L » or « l'école n° 2 » (1-based) when it has no UAI. */
export function schoolName(school: DossierSchool, index: number): string {
  return school.uai === undefined ? `l'école n° ${index + 1}` : `l'école ${school.uai}`;
}

/** « la commune 35238 », or « les écoles sans commune » for the group without one. */
export function groupName(commune: string | null): string {
  return commune === null ? 'les écoles sans commune' : `la commune ${commune}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const INTEGER = new Intl.NumberFormat('fr-FR');

/** « 70 % », « 33,33 % ». */
export function formatRate(rate: Rate): string {
  return `${DECIMAL.format(ratePercent(rate))} %`;
}

/** « 1 classe », « 5 classes ». */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${INTEGER.format(count)} ${count === 1 ? singular : pluralForm}`;
}
