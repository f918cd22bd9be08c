// createDossier: one dossier per applicant per call, numbered within the call
// (`SNEE-2021-035-000123`: call, applicant's département on three characters, number).
import crypto from 'node:crypto';
import { z } from 'zod';
import { getCall } from '../../domain/calls';
import { authorize, ForbiddenError } from '../../policies';
import type { OrganisationRole } from '../../policies/dossier';
import { appendEvents } from '../events';
import { actorLabel, DossierCommandError, inTransaction, iso, parseInput, refreshAmounts, type CommandActor, type CommandEnv } from './context';


const schema = z.strictObject({
  callId: z.string({ error: "Choisissez l'appel à projets." }).min(1, { error: "Choisissez l'appel à projets." }),
  organisationId: z.string({ error: 'Choisissez la collectivité qui dépose le dossier.' }).min(1, { error: 'Choisissez la collectivité qui dépose le dossier.' }),
});
export type CreateDossierInput = z.input<typeof schema>;

/** `snee-2021` → `SNEE-2021`; département `35` → `035`, `2A` → `02A`, `971` → `971`. */
export function dossierReference(callId: string, departementCode: string, number: number): string {
  return `${callId.toUpperCase()}-${departementCode.padStart(3, '0')}-${String(number).padStart(6, '0')}`;
}

export interface CreatedDossier { id: string; reference: string; revision: number }

export async function createDossier(env: CommandEnv, actor: CommandActor | null, input: CreateDossierInput, now: Date | string): Promise<CreatedDossier> {
  const { callId, organisationId } = parseInput(schema, input);
  if (actor === null) throw new ForbiddenError('create', 'dossier');
  const call = getCall(callId, env.calls);
  if (call === undefined) throw new DossierCommandError('UNKNOWN_CALL', `Appel à projets inconnu : « ${callId} ».`, [{ field: 'appel', message: `Appel à projets inconnu : « ${callId} ».` }]);
  const at = iso(now);
  return inTransaction(env, async (tx) => {
    const org = await tx.selectFrom('organisations as o').leftJoin('departements as dep', 'dep.code', 'o.departement_code')
      .select(['o.id', 'o.name', 'o.departement_code', 'dep.academie_code']).where('o.id', '=', organisationId).executeTakeFirst();
    const membership = org === undefined ? undefined
      : await tx.selectFrom('memberships').select('role').where('organisation_id', '=', org.id).where('user_id', '=', actor.id).executeTakeFirst();
    authorize(actor, 'create', 'dossier', {
      organisationId, state: 'draft', departementCode: org?.departement_code ?? '', academieCode: org?.academie_code ?? null,
      membership: (membership?.role ?? null) as OrganisationRole | null, schoolRoles: [],
    });
    const existing = await tx.selectFrom('dossiers').select(['reference']).where('call_id', '=', callId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (existing !== undefined) {
      throw new DossierCommandError('DOSSIER_EXISTS', `${org!.name} a déjà un dossier pour cet appel à projets : ${existing.reference}. Une collectivité dépose un seul dossier par appel.`, [], 409);
    }
    const max = await tx.selectFrom('dossiers').select((eb) => eb.fn.max('number').as('n')).where('call_id', '=', callId).executeTakeFirst();
    const number = Number(max?.n ?? 0) + 1;
    const id = crypto.randomUUID();
    const reference = dossierReference(callId, org!.departement_code, number);
    await tx.insertInto('dossiers').values({
      id, call_id: callId, organisation_id: organisationId, number, reference, state: 'draft', revision: 1,
      project_summary: '', objectives: '[]', support_text: '', lending_plan: '', co_funding: '[]',
      school_count: 0, equipment_cents: 0, services_cents: 0, eligible_cents: 0, equipment_grant_cents: 0, services_grant_cents: 0, grant_cents: 0, blocking_count: 0,
      departement_code: org!.departement_code, academie_code: org!.academie_code ?? null,
      created_by: actor.id, created_at: at, updated_at: at,
    }).execute();
    const label = await actorLabel(tx, actor);
    const events = await refreshAmounts(tx, id, env.calls);
    await appendEvents(tx, id, 1, { id: actor.id, label }, at, [
      { kind: 'dossier_created', section: 'state', toState: 'draft', payload: { reference, callId, organisationId } },
      ...events,
    ]);
    return { id, reference, revision: 1 };
  });
}
