// The schools an applicant may name in its dossier: those of its territory (a commune's schools; an
// EPCI's member communes' schools), elementary and primary only, with the dossier of the call that
// already names each one, if any. One query, for the dossier's « Écoles » page.
import type { Reader } from './dossier-facts';

export interface TerritorySchool {
  uai: string;
  name: string;
  communeName: string | null;
  sector: 'public' | 'private';
  natureLabel: string | null;
  classes: number | null;
  pupils: number | null;
  /** The dossier of this call naming the school, when any. */
  heldBy: { dossierId: string; reference: string; organisationName: string } | null;
}

export async function territorySchools(db: Reader, organisationId: string, callId: string): Promise<TerritorySchool[]> {
  const org = await db.selectFrom('organisations').select(['kind', 'commune_code', 'epci_siren']).where('id', '=', organisationId).executeTakeFirst();
  if (org === undefined) return [];
  let q = db.selectFrom('schools as s')
    .innerJoin('communes as c', 'c.code', 's.commune_code')
    .leftJoin('dossier_schools as ds', (j) => j.onRef('ds.uai', '=', 's.uai').on('ds.call_id', '=', callId))
    .leftJoin('dossiers as d', 'd.id', 'ds.dossier_id')
    .leftJoin('organisations as o', 'o.id', 'd.organisation_id')
    .select([
      's.uai', 's.name', 'c.name as commune_name', 's.sector', 's.nature_label', 's.classes', 's.pupils', 's.elementary_pupils',
      'd.id as dossier_id', 'd.reference', 'o.name as organisation_name',
    ]);
  if (org.kind === 'commune') q = q.where('s.commune_code', '=', org.commune_code ?? '');
  else q = q.where('c.epci_siren', '=', org.epci_siren ?? '');
  const rows = await q.orderBy('c.name').orderBy('s.name').orderBy('s.uai').execute();
  return rows
    .filter((r) => !(r.nature_label ?? '').toUpperCase().includes('MATERNELLE'))
    .map((r) => ({
      uai: r.uai, name: r.name, communeName: r.commune_name, sector: r.sector, natureLabel: r.nature_label,
      classes: r.classes === null ? null : Number(r.classes),
      pupils: r.elementary_pupils !== null ? Number(r.elementary_pupils) : r.pupils === null ? null : Number(r.pupils),
      heldBy: r.dossier_id ? { dossierId: r.dossier_id, reference: r.reference ?? '', organisationName: r.organisation_name ?? '' } : null,
    }));
}
