// Test helpers of the waves: a dossier of the académie of Rennes under review, with its schools, its
// history through the event chain (created, submitted, taken) and a reviewer's proposal to accept.
import crypto from 'node:crypto';
import { appendEvents } from '../../../src/commands/events';
import type { Actor } from '../../../src/policies';
import type { TestDb } from '../../support/databases';
import { addApplicant, IN_PERIOD, type Applicant } from '../dossier/support';

export interface Seeded { id: string; reference: string; applicant: Applicant }

/** A dossier under review with its schools, its history through the event chain and a proposal to accept. */
export async function seedDossier(db: TestDb, n: number, org: Parameters<typeof addApplicant>[1], uais: string[], equipmentCents: number, servicesCents: number, reviewer: Actor): Promise<Seeded> {
  const applicant = await addApplicant(db, org);
  const id = crypto.randomUUID();
  const reference = `SNEE-2021-035-${String(n).padStart(6, '0')}`;
  await db.kysely.insertInto('dossiers').values({
    id, call_id: 'snee-2021', organisation_id: applicant.organisationId, number: n, reference, state: 'under_review', revision: 3,
    project_summary: 'Projet', objectives: '[]', support_text: '', lending_plan: '', co_funding: '[]', school_count: uais.length,
    equipment_cents: equipmentCents * 2, services_cents: servicesCents * 2, eligible_cents: (equipmentCents + servicesCents) * 2,
    equipment_grant_cents: equipmentCents, services_grant_cents: servicesCents, grant_cents: equipmentCents + servicesCents, blocking_count: 0,
    departement_code: '35', academie_code: '14', created_by: applicant.admin.id, created_at: IN_PERIOD, updated_at: IN_PERIOD, submitted_at: `2021-03-0${n}T09:00:00.000Z`,
  }).execute();
  for (const [i, uai] of uais.entries()) {
    await db.kysely.insertInto('dossier_schools').values({
      dossier_id: id, call_id: 'snee-2021', uai, position: i, classes: 8, pupils: 180, prefilled_classes: 8, prefilled_pupils: 180, headcount_reason: null,
      private_school: 0, diagnostic: null, diagnostic_updated_at: null, diagnostic_updated_by: null, added_at: IN_PERIOD,
    }).execute();
  }
  await db.kysely.transaction().execute(async (tx) => {
    await appendEvents(tx, id, 1, { id: applicant.admin.id, label: 'Admin' }, IN_PERIOD, [{ kind: 'dossier_created', section: 'dossier' }]);
    await appendEvents(tx, id, 2, { id: applicant.admin.id, label: 'Admin' }, IN_PERIOD, [{ kind: 'submitted', section: 'state', fromState: 'draft', toState: 'submitted' }]);
    await appendEvents(tx, id, 3, { id: reviewer.id, label: 'Instructeur' }, IN_PERIOD, [{ kind: 'taken_for_review', section: 'state', fromState: 'submitted', toState: 'under_review' }]);
  });
  await db.kysely.insertInto('decision_proposals').values({
    dossier_id: id, kind: 'accept', equipment_max_cents: equipmentCents, services_max_cents: servicesCents, reason: null, proposed_by: reviewer.id, proposed_at: IN_PERIOD,
  }).execute();
  return { id, reference, applicant };
}

