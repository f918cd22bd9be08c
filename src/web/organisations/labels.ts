// French labels of organisation roles.
import type { MemberRole } from '../../data/organisations';

export const ROLE_LABELS: Record<MemberRole, string> = { admin: 'Administrateur', editor: 'Rédacteur', reader: 'Lecteur' };
export const ROLE_HINTS: Record<MemberRole, string> = {
  admin: 'gère les membres et les coordonnées légales, prépare et dépose les dossiers',
  editor: 'prépare les dossiers',
  reader: 'consulte l’espace et les dossiers',
};
