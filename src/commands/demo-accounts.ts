// Demo accounts, one per role, with fresh random passwords at every start of a demo.
// A deployment (SOCLE_DEMO=0) never gets them: there is no fixed or default password anywhere.
import crypto from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Db } from '../data/db';
import type { UserTable } from '../data/schema';
import { findCollectivite, findOrganisationBySiren, insertOrganisation, upsertMembership } from '../data/organisations';
import type { Exec } from '../data/users';

/** The commune the demo applicant represents, so that the demo can go on to a dossier. */
export const DEMO_COMMUNE = { insee: '35238', siren: '213502388' };

/**
 * The demo applicant administers the commune of Rennes, confirmed (when the reference data has it).
 */
async function giveDemoCommune(tx: Exec, now: Date): Promise<void> {
  const applicant = DEMO.find((a) => a.role === 'applicant')!;
  const user = await tx.selectFrom('users').select('id').where('email', '=', applicant.email).executeTakeFirst();
  if (!user) return;
  let org = await findOrganisationBySiren(tx, DEMO_COMMUNE.siren);
  if (!org) {
    const c = await findCollectivite(tx, 'commune', DEMO_COMMUNE.insee);
    if (!c) return;
    org = await insertOrganisation(tx, {
      kind: 'commune', communeCode: c.code, epciSiren: null, siren: c.siren, name: c.name, departementCode: c.departementCode,
      confirmedAt: now.toISOString(), confirmedBy: null,
    }, now);
  } else if (!org.confirmedAt) {
    await tx.updateTable('organisations').set({ confirmed_at: now.toISOString() }).where('id', '=', org.id).execute();
  }
  await upsertMembership(tx, org.id, user.id, 'admin', now);
}

/**
 * The demo reviewer of Rennes also decides for the académie's committee (a `deciders` row), so that
 * the demo can go on to a wave: there is no page yet to grant it.
 */
async function makeDemoDecider(tx: Exec, now: Date): Promise<void> {
  const reviewer = DEMO.find((a) => a.role === 'reviewer')!;
  const academie = /^academie:(.+)$/.exec(reviewer.scope ?? '')?.[1];
  const user = await tx.selectFrom('users').select('id').where('email', '=', reviewer.email).executeTakeFirst();
  if (!user || academie === undefined) return;
  const row = await tx.selectFrom('deciders').select('user_id').where('user_id', '=', user.id).where('academie_code', '=', academie).executeTakeFirst();
  if (row) return;
  await tx.insertInto('deciders').values({ user_id: user.id, academie_code: academie, granted_by: 'demo', granted_at: now.toISOString() }).execute();
}

export interface DemoAccount { role: UserTable['role']; label: string; email: string; password: string; scope: string | null }

const DEMO: Omit<DemoAccount, 'password'>[] = [
  { role: 'admin', label: 'Administrateur national', email: 'admin@demo.socle.invalid', scope: null },
  { role: 'steering', label: 'Pilotage national (DNE)', email: 'pilotage@demo.socle.invalid', scope: null },
  { role: 'reviewer', label: 'Instructeur, académie de Rennes', email: 'instructeur.rennes@demo.socle.invalid', scope: 'academie:14' },
  { role: 'applicant', label: 'Agent de la commune de Rennes', email: 'mairie.rennes@demo.socle.invalid', scope: 'commune:35238' },
  { role: 'school', label: "Directrice d'école (Rennes)", email: 'direction.ecole@demo.socle.invalid', scope: 'school:0350023G' },
];

/** A readable random password: 4 groups of 4 letters and digits (about 95 bits). */
function randomPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

export async function resetDemoAccounts(db: Db, now: Date): Promise<DemoAccount[]> {
  const accounts = DEMO.map((a) => ({ ...a, password: randomPassword() }));
  const hashes = await Promise.all(accounts.map((a) => hash(a.password, { algorithm: 2 /* argon2id */ })));
  await db.kysely.transaction().execute(async (tx) => {
    for (const [i, a] of accounts.entries()) {
      const updated = await tx.updateTable('users').set({ password_hash: hashes[i], role: a.role, scope: a.scope, email_verified_at: now.toISOString(), disabled_at: null })
        .where('email', '=', a.email).executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        await tx.insertInto('users').values({
          id: crypto.randomUUID(), email: a.email, display_name: a.label, password_hash: hashes[i],
          role: a.role, scope: a.scope, created_at: now.toISOString(), email_verified_at: now.toISOString(),
          oidc_issuer: null, oidc_subject: null, disabled_at: null,
        }).execute();
      }
    }
    await giveDemoCommune(tx, now);
    await makeDemoDecider(tx, now);
  });
  return accounts;
}
