// Budget lines: volet 1 (equipment) and volet 2 (services over two school years), per school, with a
// référentiel category, quantity and unit prices HT and TTC (integer cents). Each line is its own
// section for concurrent editing: two people saving two different lines both succeed.
import crypto from 'node:crypto';
import { z } from 'zod';
import { findItem } from '../../domain/baseline';
import { formatEuros } from '../../domain/money';
import { referentialFor } from '../../data/dossier-referential';
import { callOf, lineAmount, normaliseLine } from '../../data/dossier-facts';
import { DossierInputError, dossierCommand, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome } from './context';

const MAX_UNIT_CENTS = 1_000_000_000; // 10 M€ per unit
const MAX_LABEL = 200;

const price = (what: string) => z.int({ error: `Le prix unitaire ${what} est un montant en centimes, entier, positif ou nul (350000 pour 3 500 €).` })
  .min(0, { error: `Le prix unitaire ${what} ne peut pas être négatif.` })
  .max(MAX_UNIT_CENTS, { error: `Le prix unitaire ${what} dépasse ${formatEuros(MAX_UNIT_CENTS)}.` });

const schema = z.strictObject({
  dossierId: z.string().min(1),
  revision: z.int({ error: 'Version du dossier manquante : rechargez la page.' }),
  /** Absent: a new line. */
  lineId: z.string().min(1).max(64).optional(),
  uai: z.string({ error: "Choisissez l'école de la ligne." }).min(1, { error: "Choisissez l'école de la ligne." }),
  volet: z.union([z.literal(1), z.literal(2)], { error: 'Le volet est 1 (équipement) ou 2 (services et ressources).' }),
  category: z.string({ error: 'Choisissez la catégorie du référentiel.' }).min(1, { error: 'Choisissez la catégorie du référentiel.' }),
  label: z.string({ error: 'Indiquez le libellé de la ligne.' }).trim().min(1, { error: 'Indiquez le libellé de la ligne.' })
    .max(MAX_LABEL, { error: `Le libellé fait au plus ${MAX_LABEL} caractères.` }),
  quantity: z.int({ error: 'La quantité est un nombre entier supérieur ou égal à 1.' }).min(1, { error: 'La quantité est un nombre entier supérieur ou égal à 1.' })
    .max(100_000, { error: 'La quantité est trop élevée (100 000 au plus).' }),
  unitHtCents: price('HT'),
  unitTtcCents: price('TTC'),
}).superRefine((v, ctx) => {
  if (v.unitHtCents >= 0 && v.unitTtcCents >= 0 && v.unitTtcCents < v.unitHtCents) {
    ctx.addIssue({ code: 'custom', path: ['unitTtcCents'], message: 'Le prix unitaire TTC ne peut pas être inférieur au prix HT.' });
  }
});
export type SaveBudgetLineInput = z.input<typeof schema>;

export interface SavedLine { lineId: string; amountCents: number }

/** Creates or updates a budget line. */
export async function saveBudgetLine(env: CommandEnv, actor: CommandActor | null, input: SaveBudgetLineInput, now: Date | string): Promise<CommandOutcome<SavedLine>> {
  const v = parseInput(schema, input);
  const lineId = v.lineId ?? crypto.randomUUID();
  return dossierCommand(env, actor, v.dossierId, now, {
    // A budget line changes neither the schools' data nor their diagnostics: no priority score to recompute.
    subject: 'dossier', action: 'update', editable: true, voids: true, priority: false, revision: v.revision,
    conflicts: (s) => v.lineId !== undefined && s.endsWith(`/line/${v.lineId}`),
  }, async ({ tx, dossier, now: at, record }) => {
    const call = callOf(dossier.call_id, env.calls);
    const item = findItem(referentialFor(call.referentialVersion), v.category);
    if (item === undefined || item.volet !== v.volet) {
      throw new DossierInputError([{ field: 'categorie', message: `Choisissez une catégorie du référentiel du volet ${v.volet} (« ${v.category} » n'en est pas une).` }]);
    }
    const school = await tx.selectFrom('dossier_schools').select('uai').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).executeTakeFirst();
    if (school === undefined) throw new DossierInputError([{ field: 'uai', message: `L'école ${v.uai} ne figure pas dans ce dossier : ajoutez-la d'abord.` }]);
    if (!Number.isSafeInteger(v.quantity * Math.max(v.unitHtCents, v.unitTtcCents))) {
      throw new DossierInputError([{ field: 'quantite', message: 'Montant de la ligne trop élevé (quantité × prix unitaire).' }]);
    }
    const values = { uai: v.uai, volet: v.volet, category: v.category, label: v.label, quantity: v.quantity, unit_ht_cents: v.unitHtCents, unit_ttc_cents: v.unitTtcCents };
    const amount = lineAmount(values, call.funding.amountBasis);
    if (v.lineId === undefined) {
      await tx.insertInto('budget_lines').values({
        id: lineId, dossier_id: dossier.id, ...values, eligible_adjustment_cents: null, excluded: 0,
        adjustment_reason: null, adjusted_by: null, adjusted_at: null, created_at: at, updated_at: at,
      }).execute();
      record({ kind: 'budget_line_created', section: sections.line(v.uai, lineId), payload: { lineId, to: { ...values, amountCents: amount } } });
    } else {
      const before = await tx.selectFrom('budget_lines').selectAll().where('id', '=', lineId).where('dossier_id', '=', dossier.id).executeTakeFirst();
      if (before === undefined) throw new DossierInputError([{ field: 'ligne', message: "Cette ligne n'existe pas (ou plus) dans ce dossier : rechargez la page." }]);
      const b = normaliseLine(before);
      await tx.updateTable('budget_lines').set({ ...values, updated_at: at }).where('id', '=', lineId).execute();
      record({
        kind: 'budget_line_updated', section: sections.line(b.uai, lineId),
        payload: {
          lineId,
          from: { uai: b.uai, volet: b.volet, category: b.category, label: b.label, quantity: b.quantity, unit_ht_cents: b.unit_ht_cents, unit_ttc_cents: b.unit_ttc_cents, amountCents: lineAmount(b, call.funding.amountBasis) },
          to: { ...values, amountCents: amount },
        },
      });
    }
    return { lineId, amountCents: amount };
  });
}

const deleteSchema = z.strictObject({
  dossierId: z.string().min(1),
  revision: z.int({ error: 'Version du dossier manquante : rechargez la page.' }),
  lineId: z.string({ error: 'Ligne manquante.' }).min(1).max(64),
});
export type DeleteBudgetLineInput = z.input<typeof deleteSchema>;

export async function deleteBudgetLine(env: CommandEnv, actor: CommandActor | null, input: DeleteBudgetLineInput, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(deleteSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'update', editable: true, voids: true, priority: false, revision: v.revision,
    conflicts: (s) => s.endsWith(`/line/${v.lineId}`),
  }, async ({ tx, dossier, record }) => {
    const before = await tx.selectFrom('budget_lines').selectAll().where('id', '=', v.lineId).where('dossier_id', '=', dossier.id).executeTakeFirst();
    if (before === undefined) throw new DossierInputError([{ field: 'ligne', message: "Cette ligne n'existe pas (ou plus) dans ce dossier : rechargez la page." }]);
    const b = normaliseLine(before);
    await tx.deleteFrom('budget_lines').where('id', '=', v.lineId).execute();
    record({
      kind: 'budget_line_deleted', section: sections.line(b.uai, b.id),
      payload: { lineId: b.id, from: { uai: b.uai, volet: b.volet, category: b.category, label: b.label, quantity: b.quantity, unit_ht_cents: b.unit_ht_cents, unit_ttc_cents: b.unit_ttc_cents } },
    });
    return null;
  });
}
