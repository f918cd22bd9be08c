// The dossier's schools: adding (only the applicant's territory; no pure maternelle; a school in one
// dossier per call), removing, classes and pupils (a reason when they differ from the reference
// data), and each school's diagnostic against the référentiel of the call.
import { z } from 'zod';
import { findItem } from '../../domain/baseline';
import { isValidUai, normalizeUai, uaiCheckLetter } from '../../domain/identifiers';
import { referentialFor } from '../../data/dossier-referential';
import { callOf } from '../../data/dossier-facts';
import { DossierCommandError, DossierInputError, dossierCommand, parseInput, sections, type CommandActor, type CommandEnv, type CommandOutcome, type FieldError } from './context';

const MAX_TEXT = 2000;

const dossierId = z.string({ error: 'Dossier manquant.' }).min(1, { error: 'Dossier manquant.' });
const revision = z.int({ error: 'Version du dossier manquante : rechargez la page.' }).min(1, { error: 'Version du dossier invalide : rechargez la page.' });

const uai = z.string({ error: "Indiquez l'UAI de l'école (7 chiffres et une lettre)." }).transform(normalizeUai)
  .refine(isValidUai, { error: (i) => uaiMessage(String(i.input)) });

function uaiMessage(value: string): string {
  const v = normalizeUai(value);
  const m = /^(\d{7})([A-Z])$/.exec(v);
  if (m === null) return `UAI « ${value} » invalide : 7 chiffres suivis d'une lettre (par exemple 0350593E).`;
  return `UAI « ${v} » invalide : la lettre de contrôle de ${m[1]} est ${uaiCheckLetter(m[1])}.`;
}

const addSchema = z.strictObject({
  dossierId, revision,
  uais: z.array(uai, { error: 'Choisissez au moins une école.' }).min(1, { error: 'Choisissez au moins une école.' }).max(200, { error: 'Ajoutez au plus 200 écoles à la fois.' }),
});
export type AddSchoolsInput = z.input<typeof addSchema>;

const isMaternelle = (label: string | null): boolean => (label ?? '').toUpperCase().includes('MATERNELLE');

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Adds schools of the applicant's territory; every refusal is listed, and nothing is added when one is refused. */
export async function addSchools(env: CommandEnv, actor: CommandActor | null, input: AddSchoolsInput, now: Date | string): Promise<CommandOutcome<{ added: string[] }>> {
  const v = parseInput(addSchema, input);
  const uais = [...new Set(v.uais)];
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'update', editable: true, voids: true, revision: v.revision,
    conflicts: (s) => uais.some((u) => s === sections.school(u)),
  }, async ({ tx, dossier, now: at, record }) => {
    const org = await tx.selectFrom('organisations').select(['name', 'kind', 'commune_code', 'epci_siren']).where('id', '=', dossier.organisation_id).executeTakeFirstOrThrow();
    const refs = await tx.selectFrom('schools as s').leftJoin('communes as c', 'c.code', 's.commune_code')
      .select(['s.uai', 's.name', 's.sector', 's.nature_label', 's.commune_code', 's.classes', 's.pupils', 's.elementary_pupils', 'c.name as commune_name', 'c.epci_siren'])
      .where('s.uai', 'in', uais).execute();
    const holders = await tx.selectFrom('dossier_schools as ds').innerJoin('dossiers as d', 'd.id', 'ds.dossier_id').innerJoin('organisations as o', 'o.id', 'd.organisation_id')
      .select(['ds.uai', 'd.id', 'd.reference', 'o.name']).where('ds.call_id', '=', dossier.call_id).where('ds.uai', 'in', uais).execute();
    const errors: FieldError[] = [];
    uais.forEach((u, i) => {
      const field = `ecoles[${i}]`;
      const s = refs.find((r) => r.uai === u);
      if (s === undefined) { errors.push({ field, message: `Aucune école ne porte l'UAI ${u} dans l'annuaire : vérifiez le numéro.` }); return; }
      const inTerritory = org.kind === 'commune' ? s.commune_code === org.commune_code : org.epci_siren !== null && s.epci_siren === org.epci_siren;
      if (!inTerritory) {
        errors.push({ field, message: `L'école ${s.name} (${u}) est située à ${s.commune_name ?? s.commune_code}, hors du territoire de ${org.name} : une collectivité ne dépose que pour les écoles de son territoire.` });
        return;
      }
      if (isMaternelle(s.nature_label)) {
        errors.push({ field, message: `L'école ${s.name} (${u}) est une école maternelle : l'appel à projets concerne les écoles élémentaires et primaires (cycles 2 et 3).` });
        return;
      }
      const h = holders.find((x) => x.uai === u);
      if (h !== undefined) {
        errors.push({
          field,
          message: h.id === dossier.id
            ? `L'école ${s.name} (${u}) figure déjà dans ce dossier.`
            : `L'école ${s.name} (${u}) figure déjà dans le dossier ${h.reference} de ${h.name} : une école ne peut figurer que dans un seul dossier par appel à projets.`,
        });
      }
    });
    if (errors.length > 0) throw new DossierCommandError('SCHOOLS_REFUSED', errors.map((e) => e.message).join(' '), errors, 422);
    const max = await tx.selectFrom('dossier_schools').select((eb) => eb.fn.max('position').as('p')).where('dossier_id', '=', dossier.id).executeTakeFirst();
    let position = Number(max?.p ?? 0);
    const rows = uais.map((u) => {
      const s = refs.find((r) => r.uai === u)!;
      const pupils = s.elementary_pupils ?? s.pupils;
      position += 1;
      return {
        dossier_id: dossier.id, call_id: dossier.call_id, uai: u, position,
        classes: s.classes, pupils, prefilled_classes: s.classes, prefilled_pupils: pupils, headcount_reason: null,
        private_school: s.sector === 'private' ? 1 : 0, diagnostic: null, diagnostic_updated_at: null, diagnostic_updated_by: null, added_at: at,
      };
    });
    try {
      await tx.insertInto('dossier_schools').values(rows).execute();
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new DossierCommandError('SCHOOLS_REFUSED', "Une des écoles vient d'être ajoutée à un autre dossier : rechargez la page pour voir lequel.", [{ field: 'ecoles', message: "Une des écoles vient d'être ajoutée à un autre dossier." }], 409);
    }
    for (const r of rows) {
      const s = refs.find((x) => x.uai === r.uai)!;
      record({ kind: 'school_added', section: sections.school(r.uai), payload: { uai: r.uai, name: s.name, private: r.private_school === 1, classes: r.classes, pupils: r.pupils } });
    }
    return { added: uais };
  });
}

const removeSchema = z.strictObject({ dossierId, revision, uai });
export type RemoveSchoolInput = z.input<typeof removeSchema>;

/** Removes a school with its budget lines and its team's access (its signatures are voided). */
export async function removeSchool(env: CommandEnv, actor: CommandActor | null, input: RemoveSchoolInput, now: Date | string): Promise<CommandOutcome<{ removedLines: number }>> {
  const v = parseInput(removeSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'update', editable: true, voids: true, revision: v.revision,
    conflicts: (s) => s === sections.school(v.uai) || s.startsWith(`${sections.school(v.uai)}/`),
  }, async ({ tx, dossier, record }) => {
    const row = await tx.selectFrom('dossier_schools').select('uai').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).executeTakeFirst();
    if (row === undefined) throw new DossierInputError([{ field: 'uai', message: `L'école ${v.uai} ne figure pas dans ce dossier.` }]);
    const lines = await tx.deleteFrom('budget_lines').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).executeTakeFirst();
    await tx.deleteFrom('dossier_members').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).execute();
    await tx.deleteFrom('dossier_schools').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).execute();
    const removedLines = Number(lines.numDeletedRows);
    record({ kind: 'school_removed', section: sections.school(v.uai), payload: { uai: v.uai, removedLines } });
    return { removedLines };
  });
}

const headcount = (what: string) => z.int({ error: `Le nombre ${what} est un entier supérieur ou égal à 1.` })
  .min(1, { error: `Le nombre ${what} est un entier supérieur ou égal à 1.` }).max(5000, { error: `Le nombre ${what} est trop élevé.` });

const updateSchema = z.strictObject({
  dossierId, revision, uai,
  classes: headcount('de classes (cycles 2 et 3)'),
  pupils: headcount("d'élèves"),
  reason: z.string({ error: 'Le motif est un texte.' }).trim().max(MAX_TEXT, { error: `Le motif fait au plus ${MAX_TEXT} caractères.` }).optional(),
});
export type UpdateSchoolInput = z.input<typeof updateSchema>;

/** Classes of cycles 2–3 and pupils of a school; a reason is required when they differ from the reference data. */
export async function updateSchool(env: CommandEnv, actor: CommandActor | null, input: UpdateSchoolInput, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(updateSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier', action: 'update', editable: true, revision: v.revision, conflicts: (s) => s === sections.headcount(v.uai),
  }, async ({ tx, dossier, record }) => {
    const row = await tx.selectFrom('dossier_schools').selectAll().where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).executeTakeFirst();
    if (row === undefined) throw new DossierInputError([{ field: 'uai', message: `L'école ${v.uai} ne figure pas dans ce dossier.` }]);
    const pc = row.prefilled_classes === null ? null : Number(row.prefilled_classes);
    const pp = row.prefilled_pupils === null ? null : Number(row.prefilled_pupils);
    const differs = (pc !== null && pc !== v.classes) || (pp !== null && pp !== v.pupils);
    const reason = v.reason && v.reason !== '' ? v.reason : null;
    if (differs && reason === null) {
      throw new DossierInputError([{ field: 'motif', message: `Les effectifs diffèrent des données de l'annuaire (${pc ?? '?'} classes, ${pp ?? '?'} élèves) : indiquez le motif de la modification.` }]);
    }
    await tx.updateTable('dossier_schools').set({ classes: v.classes, pupils: v.pupils, headcount_reason: differs ? reason : null })
      .where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).execute();
    record({
      kind: 'school_headcount_updated', section: sections.headcount(v.uai), reason: differs ? reason : null,
      payload: { uai: v.uai, from: { classes: row.classes === null ? null : Number(row.classes), pupils: row.pupils === null ? null : Number(row.pupils) }, to: { classes: v.classes, pupils: v.pupils } },
    });
    return null;
  });
}

const quantity = (what: string) => z.int({ error: `La quantité ${what} est un entier positif ou nul.` })
  .min(0, { error: `La quantité ${what} est un entier positif ou nul.` }).max(100_000, { error: `La quantité ${what} est trop élevée.` });

const entrySchema = z.strictObject({
  item: z.string({ error: "Indiquez l'élément du référentiel." }),
  alternative: z.string().optional(),
  present: quantity('présente'),
  added: quantity('apportée par le projet'),
  notPlanned: z.boolean({ error: '« Non prévu » est oui ou non.' }).optional(),
});

const diagnosticSchema = z.strictObject({
  dossierId, revision, uai,
  entries: z.array(entrySchema, { error: 'Le diagnostic est une liste de réponses.' }).max(200, { error: 'Trop de réponses dans le diagnostic.' }),
});
export type SaveDiagnosticInput = z.input<typeof diagnosticSchema>;

/** Saves a school's diagnostic (applicant or the school's own team), checked against the référentiel. */
export async function saveDiagnostic(env: CommandEnv, actor: CommandActor | null, input: SaveDiagnosticInput, now: Date | string): Promise<CommandOutcome<null>> {
  const v = parseInput(diagnosticSchema, input);
  return dossierCommand(env, actor, v.dossierId, now, {
    subject: 'dossier_diagnostic', action: 'update', resource: { uai: v.uai }, editable: true, revision: v.revision,
    conflicts: (s) => s === sections.diagnostic(v.uai),
  }, async ({ tx, dossier, actor: who, now: at, record }) => {
    const referential = referentialFor(callOf(dossier.call_id, env.calls).referentialVersion);
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    v.entries.forEach((e, i) => {
      const item = findItem(referential, e.item);
      if (item === undefined) { errors.push({ field: `diagnostic[${i}].element`, message: `L'élément « ${e.item} » n'existe pas dans le référentiel de l'appel.` }); return; }
      if (item.alternatives !== undefined && e.alternative !== undefined && !item.alternatives.includes(e.alternative)) {
        errors.push({ field: `diagnostic[${i}].variante`, message: `« ${e.alternative} » n'est pas une variante de « ${item.label} » : choisissez parmi ${item.alternatives.join(', ')}.` });
        return;
      }
      if (item.alternatives === undefined && e.alternative !== undefined) {
        errors.push({ field: `diagnostic[${i}].variante`, message: `« ${item.label} » n'a pas de variante.` });
        return;
      }
      const key = `${e.item}/${e.alternative ?? ''}`;
      if (seen.has(key)) errors.push({ field: `diagnostic[${i}].element`, message: `« ${item.label} » est renseigné deux fois.` });
      seen.add(key);
    });
    if (errors.length > 0) throw new DossierInputError(errors);
    const row = await tx.selectFrom('dossier_schools').select('diagnostic').where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).executeTakeFirst();
    if (row === undefined) throw new DossierInputError([{ field: 'uai', message: `L'école ${v.uai} ne figure pas dans ce dossier.` }]);
    const entries = v.entries.map((e) => ({ item: e.item, ...(e.alternative === undefined ? {} : { alternative: e.alternative }), present: e.present, added: e.added, ...(e.notPlanned ? { notPlanned: true } : {}) }));
    await tx.updateTable('dossier_schools').set({ diagnostic: JSON.stringify(entries), diagnostic_updated_at: at, diagnostic_updated_by: who.id })
      .where('dossier_id', '=', dossier.id).where('uai', '=', v.uai).execute();
    record({ kind: 'diagnostic_saved', section: sections.diagnostic(v.uai), payload: { uai: v.uai, entries } });
    return null;
  });
}
