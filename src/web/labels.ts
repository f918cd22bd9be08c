// French labels of codes stored in the reference data.

const EPCI_TYPES: Record<string, string> = {
  CC: 'Communauté de communes',
  CA: 'Communauté d’agglomération',
  CU: 'Communauté urbaine',
  METRO: 'Métropole',
  MET69: 'Métropole de Lyon',
};
export const epciTypeLabel = (type: string): string => EPCI_TYPES[type] ?? type;

/** A school's source tag (as the importer records it) in words, with its date when known. */
export function sourceLabel(tag: string): string {
  if (tag === 'ips-2022') return 'Indices de position sociale dans les écoles, rentrée 2022 (MENJ-DEPP)';
  const annuaire = /^annuaire:([0-9A-Z]+)_(?:.*_)?(\d{4}-\d{2}-\d{2})$/.exec(tag);
  if (annuaire) {
    const date = annuaire[2];
    return `Annuaire de l’éducation, département ${annuaire[1]}, extrait du ${date.split('-').reverse().join('/')} (MENJ)`;
  }
  const effectifs = /^effectifs:(\w+?)_(\d{4})-(\d{4})$/.exec(tag);
  if (effectifs) return `Effectifs et nombre de classes par école, département ${effectifs[1]}, rentrées ${effectifs[2]} à ${effectifs[3]} (MENJ-DEPP)`;
  return tag;
}
