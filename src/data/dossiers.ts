// Reading dossiers: a person's dossiers, the dossier holding a school, a person's relation to a
// dossier (for src/policies), a frozen version, and the check of the history's hash chain. The
// dossier page's read, with the engine, is `loadDossier` (src/commands/dossier/view.ts).
import type { Selectable } from 'kysely';
import { displayOf } from '../domain/dossier/lifecycle';
import type { Actor } from '../policies';
import type { DossierResource, OrganisationRole, SchoolTeamRole } from '../policies/dossier';
import { normaliseDossier, type Reader } from './dossier-facts';
import type { DossierTable, DossierVersionTable } from './schema';

export { verifyEventChain, type BrokenLink } from './dossier-events';

/** A person's relation to a dossier, as src/policies/dossier.ts reads it; undefined when the dossier does not exist. */
export async function loadDossierAccess(db: Reader, actor: Pick<Actor, 'id'> | null, dossierId: string): Promise<DossierResource | undefined> {
  const d = await db.selectFrom('dossiers').select(['organisation_id', 'state', 'departement_code', 'academie_code'])
    .where('id', '=', dossierId).executeTakeFirst();
  if (d === undefined) return undefined;
  return accessFor(db, actor, d, dossierId);
}

export async function accessFor(
  db: Reader,
  actor: Pick<Actor, 'id'> | null,
  d: Pick<DossierTable, 'organisation_id' | 'state' | 'departement_code' | 'academie_code'> & { id?: string },
  dossierId?: string,
): Promise<DossierResource> {
  let membership: OrganisationRole | null = null;
  let schoolRoles: { uai: string; role: SchoolTeamRole }[] = [];
  const id = dossierId ?? d.id;
  if (actor !== null) {
    const m = await db.selectFrom('memberships').select('role').where('organisation_id', '=', d.organisation_id)
      .where('user_id', '=', actor.id).executeTakeFirst();
    membership = m?.role ?? null;
    if (id !== undefined) {
      schoolRoles = await db.selectFrom('dossier_members').select(['uai', 'role']).where('dossier_id', '=', id)
        .where('user_id', '=', actor.id).where('joined_at', 'is not', null).execute();
    }
  }
  return {
    organisationId: d.organisation_id,
    state: d.state,
    departementCode: d.departement_code,
    academieCode: d.academie_code,
    membership,
    schoolRoles,
  };
}

export interface DossierListItem {
  id: string;
  reference: string;
  callId: string;
  state: string;
  stateLabel: string;
  organisationId: string;
  organisationName: string;
  /** How the person relates to it: their organisation role, or their school-team roles. */
  membership: OrganisationRole | null;
  schoolRoles: { uai: string; role: SchoolTeamRole }[];
  schoolCount: number;
  grantCents: number;
  blockingCount: number;
  updatedAt: string;
  submittedAt: string | null;
}

/** The dossiers a person sees: those of their organisations and those naming their school (as a team member). */
export async function listDossiersForUser(db: Reader, userId: string): Promise<DossierListItem[]> {
  const viaOrg = await db.selectFrom('dossiers as d')
    .innerJoin('memberships as m', (j) => j.onRef('m.organisation_id', '=', 'd.organisation_id').on('m.user_id', '=', userId))
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .selectAll('d').select(['o.name as organisation_name', 'm.role as membership'])
    .execute();
  const viaTeam = await db.selectFrom('dossier_members as dm')
    .innerJoin('dossiers as d', 'd.id', 'dm.dossier_id')
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .selectAll('d').select(['o.name as organisation_name', 'dm.uai as team_uai', 'dm.role as team_role'])
    .where('dm.user_id', '=', userId).where('dm.joined_at', 'is not', null)
    .execute();
  const byId = new Map<string, DossierListItem>();
  const add = (row: Selectable<DossierTable> & { organisation_name: string }): DossierListItem => {
    let item = byId.get(row.id);
    if (item === undefined) {
      const d = normaliseDossier(row);
      item = {
        id: d.id, reference: d.reference, callId: d.call_id, state: d.state,
        stateLabel: displayOf(d.state).label,
        organisationId: d.organisation_id, organisationName: row.organisation_name, membership: null, schoolRoles: [],
        schoolCount: d.school_count, grantCents: d.grant_cents, blockingCount: d.blocking_count, updatedAt: d.updated_at, submittedAt: d.submitted_at,
      };
      byId.set(row.id, item);
    }
    return item;
  };
  for (const r of viaOrg) add(r).membership = r.membership;
  for (const r of viaTeam) add(r).schoolRoles.push({ uai: r.team_uai, role: r.team_role });
  return [...byId.values()].sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

export interface SchoolHolder { dossierId: string; reference: string; state: string; organisationId: string; organisationName: string }

/** The dossier of a call that names a school, if any. */
export async function findDossierBySchool(db: Reader, callId: string, uai: string): Promise<SchoolHolder | undefined> {
  const row = await db.selectFrom('dossier_schools as ds')
    .innerJoin('dossiers as d', 'd.id', 'ds.dossier_id')
    .innerJoin('organisations as o', 'o.id', 'd.organisation_id')
    .select(['d.id as dossierId', 'd.reference', 'd.state', 'o.id as organisationId', 'o.name as organisationName'])
    .where('ds.call_id', '=', callId).where('ds.uai', '=', uai)
    .executeTakeFirst();
  return row;
}

/** The stored canonical content of a frozen version (for the reviewer and for checking its digest). */
export async function loadVersion(db: Reader, dossierId: string, number: number): Promise<Selectable<DossierVersionTable> | undefined> {
  const v = await db.selectFrom('dossier_versions').selectAll().where('dossier_id', '=', dossierId).where('number', '=', number).executeTakeFirst();
  return v === undefined ? undefined : { ...v, number: Number(v.number) };
}
