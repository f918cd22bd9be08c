// French labels of the diagnostic: scopes, statuses, alternatives, and « socle atteint ? ».

import type { BadgeType } from '../dossier/lifecycle';
import type { ItemStatus, SchoolDiagnostic } from './diagnostic';
import type { BaselineScope } from './referential';

export const SCOPE_LABELS: Readonly<Record<BaselineScope, string>> = {
  class: 'Dans chaque classe',
  school: "Pour l'école",
  direction: "Pour la direction d'école",
  services: 'Services et ressources numériques',
};

export const ITEM_STATUS_DISPLAY: Readonly<Record<ItemStatus, { readonly label: string; readonly badge: BadgeType }>> = {
  unanswered: { label: 'Non renseigné', badge: 'new' },
  present: { label: 'Présent', badge: 'success' },
  added: { label: 'Apporté par le projet', badge: 'info' },
  not_planned: { label: 'Non prévu', badge: 'warning' },
  partial: { label: 'Partiellement couvert', badge: 'warning' },
};

/** The three answers a school team gives per item (the form's radio buttons). */
export const ANSWER_LABELS = {
  present: 'Présent',
  added: 'Apporté par le projet',
  not_planned: 'Non prévu',
} as const;

export const ALTERNATIVE_LABELS: Readonly<Record<string, string>> = {
  VIDEOPROJECTEUR: 'Vidéoprojecteur',
  VPI: 'Vidéoprojecteur interactif (VPI)',
  TNI: 'Tableau numérique interactif (TNI)',
  ENI: 'Écran numérique interactif (ENI)',
};

export const alternativeLabel = (code: string): string => ALTERNATIVE_LABELS[code] ?? code;

export const VOLET_LABELS: Readonly<Record<1 | 2, string>> = {
  1: 'Volet 1 — équipement',
  2: 'Volet 2 — services et ressources numériques',
};

/** « Socle atteint après le projet : oui / non », with the badge to show. */
export function baselineAfterDisplay(school: Pick<SchoolDiagnostic, 'atBaselineAfter' | 'atBaselineBefore' | 'missingAfter'>): { readonly label: string; readonly badge: BadgeType } {
  if (school.atBaselineBefore) return { label: 'Socle déjà atteint avant le projet', badge: 'info' };
  if (school.atBaselineAfter) return { label: 'Socle atteint après le projet', badge: 'success' };
  const n = school.missingAfter.length;
  return { label: `Socle non atteint après le projet (${n} élément${n > 1 ? 's' : ''} manquant${n > 1 ? 's' : ''})`, badge: 'warning' };
}

const PERCENT = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

/** The distance from the socle as a French percentage: 0.4167 → « 42 % » (no-break space). */
export function formatDistance(distance: number): string {
  return PERCENT.format(distance);
}
