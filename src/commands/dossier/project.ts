// The pedagogical project: the objectives chosen with a text each, the project's presentation,
// the plan for lending mobile devices to families, the support planned with the académie
// (volet 3), and the other public co-funding declared. Saved as one section.
import { z } from 'zod';
import { isObjectiveCode, objectiveLabel } from '../../domain/objectives';
import { dossierCommand, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

export const PROJECT_LIMITS = { summary: 10_000, objectiveText: 4_000, lendingPlan: 10_000, supportText: 10_000, funder: 200 } as const;

const text = (what: string, max: number) => z.string({ error: `${what} est un texte.` }).trim()
  .max(max, { error: `${what} fait au plus ${max.toLocaleString('fr-FR')} caractères.` });

const schema = z.strictObject({
  dossierId: z.string().min(1),
  revision: z.int({ error: 'Version du dossier manquante : rechargez la page.' }),
  summary: text('La présentation du projet', PROJECT_LIMITS.summary).default(''),
  objectives: z.array(z.strictObject({
    code: z.string().refine(isObjectiveCode, { error: (i) => `L'objectif « ${String(i.input)} » n'existe pas : choisissez parmi les dix objectifs de l'appel.` }),
    text: text("Le texte de l'objectif", PROJECT_LIMITS.objectiveText),
  }), { error: 'Les objectifs sont une liste.' }).max(10).default([]),
  lendingPlan: text('Le plan de prêt aux familles', PROJECT_LIMITS.lendingPlan).default(''),
  supportText: text("L'accompagnement (volet 3)", PROJECT_LIMITS.supportText).default(''),
  coFunding: z.array(z.strictObject({
    funder: text('Le nom du cofinanceur', PROJECT_LIMITS.funder).min(1, { error: 'Indiquez le nom du cofinanceur.' }),
    amountCents: z.int({ error: 'Le montant du cofinancement est un montant en centimes, entier, positif.' })
      .min(0, { error: 'Le montant du cofinancement ne peut pas être négatif.' }).max(100_000_000_000, { error: 'Le montant du cofinancement est trop élevé.' }),
  }), { error: 'Les cofinancements sont une liste.' }).max(20, { error: 'Déclarez au plus 20 cofinancements.' }).default([]),
}).superRefine((v, ctx) => {
  const seen = new Set<string>();
  (v.objectives ?? []).forEach((o, i) => {
    if (seen.has(o.code)) ctx.addIssue({ code: 'custom', path: ['objectives', i, 'code'], message: `L'objectif « ${objectiveLabel(o.code)} » est choisi deux fois.` });
    seen.add(o.code);
  });
});
export type SaveProjectInput = z.input<typeof schema>;

export async function saveProject(env: CommandEnv, actor: CommandActor | null, input: SaveProjectInput, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(schema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'update', editable: true, voids: true, revision: v.revision, conflicts: (s) => s === sections.project,
  }, async ({ tx, dossier, record }) => {
    const next = {
      project_summary: v.summary,
      objectives: JSON.stringify(v.objectives),
      lending_plan: v.lendingPlan,
      support_text: v.supportText,
      co_funding: JSON.stringify(v.coFunding),
    };
    await tx.updateTable('dossiers').set(next).where('id', '=', dossier.id).execute();
    const from: Record<string, string> = {};
    const to: Record<string, string> = {};
    for (const k of Object.keys(next) as (keyof typeof next)[]) {
      if (dossier[k] !== next[k]) { from[k] = dossier[k]; to[k] = next[k]; }
    }
    record({ kind: 'project_saved', section: sections.project, payload: { from, to } });
    return null;
  });
}
