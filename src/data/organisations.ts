// Organisations (collectivités: communes and EPCI that apply), their members and invitations, and
// the search of a collectivité to claim in the reference data (by name or SIREN).
import crypto from 'node:crypto';
import { foldText } from '../domain/text';
import type { Db } from './db';
import type { MembershipTable, OrganisationTable } from './schema';
import type { Exec } from './users';

export type MemberRole = MembershipTable['role'];
export const MEMBER_ROLES: readonly MemberRole[] = ['admin', 'editor', 'reader'];

export interface Organisation {
  id: string;
  kind: 'commune' | 'epci';
  communeCode: string | null;
  epciSiren: string | null;
  siren: string;
  name: string;
  departementCode: string;
  siret: string | null;
  signatoryName: string | null;
  signatoryCapacity: string | null;
  iban: string | null;
  address: string | null;
  confirmedAt: string | null;
  confirmedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

const toOrganisation = (r: OrganisationTable): Organisation => ({
  id: r.id, kind: r.kind, communeCode: r.commune_code, epciSiren: r.epci_siren, siren: r.siren, name: r.name,
  departementCode: r.departement_code, siret: r.siret, signatoryName: r.signatory_name, signatoryCapacity: r.signatory_capacity,
  iban: r.iban, address: r.address, confirmedAt: r.confirmed_at, confirmedBy: r.confirmed_by, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function getOrganisation(db: Exec, id: string): Promise<Organisation | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const r = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toOrganisation(r) : undefined;
}

export async function findOrganisationBySiren(db: Exec, siren: string): Promise<Organisation | undefined> {
  const r = await db.selectFrom('organisations').selectAll().where('siren', '=', siren).executeTakeFirst();
  return r ? toOrganisation(r) : undefined;
}

export async function insertOrganisation(db: Exec, o: Pick<Organisation, 'kind' | 'communeCode' | 'epciSiren' | 'siren' | 'name' | 'departementCode'> & { confirmedAt?: string | null; confirmedBy?: string | null }, now: Date): Promise<Organisation> {
  const row: OrganisationTable = {
    id: crypto.randomUUID(), kind: o.kind, commune_code: o.communeCode, epci_siren: o.epciSiren, siren: o.siren, name: o.name,
    departement_code: o.departementCode, siret: null, signatory_name: null, signatory_capacity: null, iban: null, address: null,
    confirmed_at: o.confirmedAt ?? null, confirmed_by: o.confirmedBy ?? null, created_at: now.toISOString(), updated_at: now.toISOString(),
  };
  await db.insertInto('organisations').values(row).execute();
  return toOrganisation(row);
}

export interface LegalDetails { siret: string; signatoryName: string; signatoryCapacity: string; iban: string; address: string }

export async function updateLegalDetails(db: Exec, id: string, d: LegalDetails, now: Date): Promise<void> {
  await db.updateTable('organisations').set({
    siret: d.siret, signatory_name: d.signatoryName, signatory_capacity: d.signatoryCapacity, iban: d.iban, address: d.address,
    updated_at: now.toISOString(),
  }).where('id', '=', id).execute();
}

export async function setConfirmed(db: Exec, id: string, by: string | null, now: Date): Promise<boolean> {
  const res = await db.updateTable('organisations').set({ confirmed_at: now.toISOString(), confirmed_by: by, updated_at: now.toISOString() })
    .where('id', '=', id).where('confirmed_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteOrganisation(db: Exec, id: string): Promise<void> {
  await db.deleteFrom('memberships').where('organisation_id', '=', id).execute();
  await db.deleteFrom('organisations').where('id', '=', id).execute();
}

/** Organisations waiting for a platform administrator's confirmation, oldest first, with their first admin. */
export async function pendingOrganisations(db: Exec): Promise<Array<Organisation & { claimant: { email: string; name: string } | null }>> {
  const orgs = await db.selectFrom('organisations').selectAll().where('confirmed_at', 'is', null).orderBy('created_at').limit(200).execute();
  const out = [];
  for (const o of orgs) {
    const admin = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.email', 'users.display_name']).where('memberships.organisation_id', '=', o.id).where('memberships.role', '=', 'admin')
      .orderBy('memberships.created_at').executeTakeFirst();
    out.push({ ...toOrganisation(o), claimant: admin ? { email: admin.email, name: admin.display_name } : null });
  }
  return out;
}

export async function recentlyConfirmed(db: Exec, limit = 20): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().where('confirmed_at', 'is not', null).orderBy('confirmed_at', 'desc').limit(limit).execute();
  return rows.map(toOrganisation);
}

// ---------------------------------------------------------------------------------------------
// Memberships

export interface Membership { organisationId: string; userId: string; role: MemberRole; createdAt: string }

/** The role of a user in an organisation, or null when not a member. */
export async function membershipRole(db: Exec, organisationId: string, userId: string): Promise<MemberRole | null> {
  const r = await db.selectFrom('memberships').select('role').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  return r?.role ?? null;
}

/** The organisations a user belongs to, with the user's role, by name. */
export async function organisationsOf(db: Exec, userId: string): Promise<Array<Organisation & { role: MemberRole }>> {
  const rows = await db.selectFrom('memberships').innerJoin('organisations', 'organisations.id', 'memberships.organisation_id')
    .selectAll('organisations').select('memberships.role as member_role')
    .where('memberships.user_id', '=', userId).orderBy('organisations.name').execute();
  return rows.map((r) => ({ ...toOrganisation(r), role: r.member_role }));
}

export interface Member { userId: string; email: string; name: string; role: MemberRole; since: string }

export async function membersOf(db: Exec, organisationId: string): Promise<Member[]> {
  const rows = await db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'memberships.role', 'memberships.created_at'])
    .where('memberships.organisation_id', '=', organisationId).orderBy('users.display_name').orderBy('users.email').execute();
  return rows.map((r) => ({ userId: r.id, email: r.email, name: r.display_name, role: r.role, since: r.created_at }));
}

/** Adds a member, or changes the role of one already there. */
export async function upsertMembership(db: Exec, organisationId: string, userId: string, role: MemberRole, now: Date): Promise<void> {
  await db.insertInto('memberships').values({ organisation_id: organisationId, user_id: userId, role, created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export async function setMembershipRole(db: Exec, organisationId: string, userId: string, role: MemberRole): Promise<boolean> {
  const res = await db.updateTable('memberships').set({ role }).where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function deleteMembership(db: Exec, organisationId: string, userId: string): Promise<void> {
  await db.deleteFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
}

export async function countAdmins(db: Exec, organisationId: string): Promise<number> {
  const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', organisationId).where('role', '=', 'admin').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countMembers(db: Exec, organisationId: string): Promise<number> {
  const r = await db.selectFrom('memberships').select((eb) => eb.fn.countAll().as('n'))
    .where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface PendingInvitation { email: string; role: MemberRole; createdAt: string; expiresAt: string; tokenHash: string }

/** Unused, unexpired invitations to an organisation. */
export async function pendingInvitations(db: Exec, organisationId: string, now: Date): Promise<PendingInvitation[]> {
  const rows = await db.selectFrom('auth_tokens').select(['token_hash', 'email', 'payload', 'created_at', 'expires_at'])
    .where('kind', '=', 'invite_organisation').where('used_at', 'is', null).where('expires_at', '>', now.toISOString())
    .orderBy('created_at').execute();
  return rows
    .map((r) => ({ r, p: JSON.parse(r.payload) as { organisationId?: string; role?: MemberRole } }))
    .filter(({ p }) => p.organisationId === organisationId)
    .map(({ r, p }) => ({ email: r.email, role: p.role ?? 'reader', createdAt: r.created_at, expiresAt: r.expires_at, tokenHash: r.token_hash }));
}

/** An invitation to an organisation as stored (its link's hash), whatever its state. */
export interface OrganisationInvitation {
  tokenHash: string; email: string; role: MemberRole; createdAt: string; expiresAt: string; usedAt: string | null;
  /** Set when an administrator revoked it (the link then says so). */
  revokedAt: string | null;
  payload: Record<string, unknown>;
}

/** An invitation of this organisation, by the hash of its link; undefined when it is not one of its invitations. */
export async function findOrganisationInvitation(db: Exec, organisationId: string, tokenHash: string): Promise<OrganisationInvitation | undefined> {
  const r = await db.selectFrom('auth_tokens').select(['token_hash', 'email', 'payload', 'created_at', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash).where('kind', '=', 'invite_organisation').executeTakeFirst();
  if (!r) return undefined;
  const payload = JSON.parse(r.payload) as Record<string, unknown>;
  if (payload.organisationId !== organisationId) return undefined;
  return {
    tokenHash: r.token_hash, email: r.email, role: (payload.role as MemberRole | undefined) ?? 'reader', createdAt: r.created_at, expiresAt: r.expires_at,
    usedAt: r.used_at, revokedAt: typeof payload.revokedAt === 'string' ? payload.revokedAt : null, payload,
  };
}

/**
 * Revokes a pending invitation: its link is spent (it no longer signs anyone up nor in), and its
 * payload keeps when and by whom it was revoked. False when it was no longer pending.
 */
export async function revokeOrganisationInvitation(db: Exec, invitation: OrganisationInvitation, by: string, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const r = await db.updateTable('auth_tokens').set({ used_at: at, payload: JSON.stringify({ ...invitation.payload, revokedAt: at, revokedBy: by }) })
    .where('token_hash', '=', invitation.tokenHash).where('kind', '=', 'invite_organisation').where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---------------------------------------------------------------------------------------------
// Collectivités of the reference data, to claim

export interface Collectivite {
  kind: 'commune' | 'epci';
  /** INSEE code for a commune, SIREN for an EPCI: what the claim form sends. */
  code: string;
  siren: string;
  name: string;
  departementCode: string;
  detail: string;
  population: number | null;
}

export const MAX_COLLECTIVITE_QUERY = 100;

/** Communes and EPCI whose name contains every word of `q` (accents ignored), or whose SIREN is `q`. */
export async function searchCollectivites(db: Db, q: string, limit = 20): Promise<Collectivite[]> {
  const digits = q.replace(/\s+/g, '');
  if (/^\d{9}$/.test(digits)) {
    const [c, e] = await Promise.all([findCommuneBySiren(db, digits), findEpci(db, digits)]);
    return [c, e].filter((x): x is Collectivite => x !== undefined);
  }
  const words = [...new Set(foldText(q).split(' ').filter(Boolean))].slice(0, 6);
  if (words.length === 0) return [];
  let communes = db.kysely.selectFrom('communes').leftJoin('departements', 'departements.code', 'communes.departement_code')
    .select(['communes.code', 'communes.name', 'communes.siren', 'communes.departement_code', 'communes.population', 'communes.postal_codes', 'departements.name as departement_name'])
    .where('communes.siren', 'is not', null);
  for (const w of words) communes = communes.where('communes.name_folded', 'like', `%${w}%`);
  let epcis = db.kysely.selectFrom('epcis').select(['siren', 'name', 'type', 'population']);
  for (const w of words) epcis = epcis.where('name_folded', 'like', `%${w}%`);
  const [cs, es] = await Promise.all([
    communes.orderBy('communes.population', 'desc').orderBy('communes.name').limit(limit).execute(),
    epcis.orderBy('population', 'desc').orderBy('name').limit(limit).execute(),
  ]);
  const epciRows = await Promise.all(es.map((e) => findEpci(db, e.siren)));
  const out: Collectivite[] = [
    ...cs.map((c) => ({
      kind: 'commune' as const, code: c.code, siren: c.siren!, name: c.name, departementCode: c.departement_code,
      detail: `Commune, ${c.departement_name ?? 'département'} (${c.departement_code}), code INSEE ${c.code}`, population: c.population === null ? null : Number(c.population),
    })),
    ...epciRows.filter((x): x is Collectivite => x !== undefined),
  ];
  const exact = foldText(q);
  return out
    .sort((a, b) => Number(foldText(b.name) === exact) - Number(foldText(a.name) === exact) || (b.population ?? 0) - (a.population ?? 0))
    .slice(0, limit);
}

async function findCommuneBySiren(db: Db, siren: string): Promise<Collectivite | undefined> {
  const c = await db.kysely.selectFrom('communes').select('code').where('siren', '=', siren).executeTakeFirst();
  return c ? findCollectivite(db, 'commune', c.code) : undefined;
}

async function findEpci(db: Db, siren: string): Promise<Collectivite | undefined> {
  return findCollectivite(db, 'epci', siren);
}

/** A commune by INSEE code or an EPCI by SIREN, as a collectivité that may apply. */
export async function findCollectivite(db: Db | Exec, kind: 'commune' | 'epci', code: string): Promise<Collectivite | undefined> {
  const k = 'kysely' in db ? db.kysely : db;
  if (kind === 'commune') {
    if (!/^(\d{5}|2[AB]\d{3})$/.test(code)) return undefined;
    const c = await k.selectFrom('communes').leftJoin('departements', 'departements.code', 'communes.departement_code')
      .select(['communes.code', 'communes.name', 'communes.siren', 'communes.departement_code', 'communes.population', 'departements.name as departement_name'])
      .where('communes.code', '=', code).executeTakeFirst();
    if (!c || !c.siren) return undefined;
    return {
      kind, code: c.code, siren: c.siren, name: c.name, departementCode: c.departement_code,
      detail: `Commune, ${c.departement_name ?? 'département'} (${c.departement_code}), code INSEE ${c.code}`, population: c.population === null ? null : Number(c.population),
    };
  }
  if (!/^\d{9}$/.test(code)) return undefined;
  const e = await k.selectFrom('epcis').select(['siren', 'name', 'type', 'population']).where('siren', '=', code).executeTakeFirst();
  if (!e) return undefined;
  // The département of an EPCI: the one of most of its member communes.
  const deps = await k.selectFrom('communes').select(['departement_code']).select((eb) => eb.fn.countAll().as('n'))
    .where('epci_siren', '=', code).groupBy('departement_code').orderBy('n', 'desc').orderBy('departement_code').execute();
  const departementCode = deps[0]?.departement_code ?? '';
  return {
    kind, code: e.siren, siren: e.siren, name: e.name, departementCode,
    detail: `Intercommunalité (${e.type}), département ${departementCode || 'inconnu'}, SIREN ${e.siren}`, population: e.population === null ? null : Number(e.population),
  };
}
