// Validation of a simulation's input (zod 4, French messages naming the field path), and the totals
// of schools given as lines. Input breaking these rules is an input error, never a finding.

import { z } from 'zod';
import { isInseeCode, isValidUai, uaiCheckLetter } from '../identifiers';
import type { CallRegistry } from '../calls';
import type { DossierSchool, FieldError, SimulationError } from './types';

/** One message for a field, with its own wording when the field is missing. */
function says(invalid: string, missing = `Champ obligatoire manquant. ${invalid}`) {
  return { error: (issue: { input?: unknown }) => (issue.input === undefined ? missing : invalid) };
}

function unknownKeys(what: string) {
  return {
    error: (issue: { code?: string; keys?: string[]; input?: unknown }) =>
      issue.code === 'unrecognized_keys' ? `Champ inconnu : ${(issue.keys ?? []).map((k) => `« ${k} »`).join(', ')}.` : what,
  };
}

const MSG = {
  classes: 'Le nombre de classes (cycles 2 et 3) doit être un entier supérieur ou égal à 1.',
  pupils: "Le nombre d'élèves doit être un entier supérieur ou égal à 1.",
  equipmentCents: "Les dépenses d'équipement (volet 1) sont un montant entier en centimes, positif ou nul (350000 pour 3 500 €).",
  servicesCents: 'Les dépenses de services (volet 2) sont un montant entier en centimes, positif ou nul (50000 pour 500 €).',
  label: 'Le libellé de la ligne est un texte non vide.',
  category: 'La catégorie de la ligne est un texte (par exemple un code du référentiel).',
  quantity: 'La quantité est un entier supérieur ou égal à 1.',
  unitCents: 'Le prix unitaire est un montant entier en centimes, positif ou nul.',
  lines: 'Les lignes sont une liste de { label, category, quantity, unitCents }.',
  line: 'Une ligne est un objet { label, category, quantity, unitCents }.',
  uai: 'UAI invalide : 7 chiffres suivis de la lettre de contrôle (par exemple 0350001L).',
  commune: 'Code commune INSEE invalide : 5 caractères (par exemple 35238, ou 2A004 en Corse).',
  name: "Le nom de l'école est un texte.",
  school: "Chaque école est un objet { uai, commune, classes, pupils, equipmentCents, servicesCents }.",
  schools: 'Donnez au moins une école : « schools » est une liste non vide.',
  call: "Indiquez l'appel à projets : « call » est un identifiant, par exemple « snee-2021 ».",
  root: "L'entrée est un objet JSON { \"call\": …, \"schools\": [ … ] }.",
};

const amount = (message: string) => z.int(says(message)).min(0, says(message));

const lineSchema = z.strictObject(
  {
    label: z.string(says(MSG.label)).trim().min(1, says(MSG.label)),
    category: z.string(says(MSG.category)).optional(),
    quantity: z.int(says(MSG.quantity)).min(1, says(MSG.quantity)),
    unitCents: amount(MSG.unitCents),
  },
  unknownKeys(MSG.line),
);
export type SpendingLine = z.infer<typeof lineSchema>;

const schoolSchema = z.strictObject(
  {
    uai: z
      .string(says(MSG.uai))
      .refine((v) => isValidUai(v), { error: (issue) => uaiMessage(String(issue.input)) })
      .optional(),
    name: z.string(says(MSG.name)).optional(),
    commune: z.string(says(MSG.commune)).refine(isInseeCode, says(MSG.commune)).optional(),
    classes: z.int(says(MSG.classes)).min(1, says(MSG.classes)),
    pupils: z.int(says(MSG.pupils)).min(1, says(MSG.pupils)),
    equipmentCents: amount(MSG.equipmentCents).optional(),
    servicesCents: amount(MSG.servicesCents).optional(),
    equipment: z.array(lineSchema, says(MSG.lines)).optional(),
    services: z.array(lineSchema, says(MSG.lines)).optional(),
  },
  unknownKeys(MSG.school),
);

function uaiMessage(uai: string): string {
  const m = /^(\d{7})([A-Z])$/.exec(uai);
  if (m === null) return MSG.uai;
  return `UAI « ${uai} » invalide : la lettre de contrôle de ${m[1]} est ${uaiCheckLetter(m[1])}.`;
}

const VOLETS = [
  { total: 'equipmentCents', lines: 'equipment', name: "d'équipement (volet 1)" },
  { total: 'servicesCents', lines: 'services', name: 'de services et ressources (volet 2)' },
] as const;

function inputSchema(registry: CallRegistry) {
  const known = [...registry.keys()].join(', ');
  return z
    .object(
      {
        call: z
          .string(says(MSG.call))
          .refine((id) => registry.has(id), {
            error: (issue) => `Appel à projets inconnu : « ${String(issue.input)} ». Appels disponibles : ${known}.`,
          }),
        schools: z.array(schoolSchema, says(MSG.schools)).min(1, says(MSG.schools)),
      },
      says(MSG.root, MSG.root),
    )
    .superRefine((input, ctx) => {
      const seen = new Map<string, number>();
      input.schools.forEach((school, i) => {
        if (typeof school !== 'object' || school === null) return; // already reported
        for (const v of VOLETS) {
          const hasTotal = school[v.total] !== undefined;
          const hasLines = school[v.lines] !== undefined;
          if (hasTotal && hasLines) {
            ctx.addIssue({
              code: 'custom',
              path: ['schools', i, v.lines],
              message: `Donnez les dépenses ${v.name} soit en total (« ${v.total} »), soit en lignes (« ${v.lines} »), pas les deux.`,
            });
          } else if (!hasTotal && !hasLines) {
            ctx.addIssue({
              code: 'custom',
              path: ['schools', i, v.total],
              message: `Dépenses ${v.name} manquantes : donnez « ${v.total} » (en centimes) ou des lignes « ${v.lines} ».`,
            });
          }
        }
        if (school.uai !== undefined) {
          const first = seen.get(school.uai);
          if (first !== undefined) {
            ctx.addIssue({
              code: 'custom',
              path: ['schools', i, 'uai'],
              message: `UAI « ${school.uai} » déjà donnée pour schools[${first}] : une école ne figure qu'une fois dans un dossier.`,
            });
          } else {
            seen.set(school.uai, i);
          }
        }
      });
    });
}

export interface SimulationInput {
  readonly call: string;
  readonly schools: readonly DossierSchool[];
}

/** `schools[0].classes` from zod's path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

export function inputError(fields: readonly FieldError[]): SimulationError {
  const error =
    fields.length === 1
      ? fields[0].path === ''
        ? `Entrée invalide : ${fields[0].message}`
        : `Entrée invalide, ${fields[0].path} : ${fields[0].message}`
      : `Entrée invalide : ${fields.length} champs à corriger (voir « fields »).`;
  return { error, fields };
}

type ParsedSchool = z.infer<typeof schoolSchema>;

/** Amounts are exact integers only up to 2^53 − 1 cents: lines and the dossier's sum must stay below. */
function amountsBeyondExactIntegers(schools: readonly ParsedSchool[]): FieldError[] {
  const fields: FieldError[] = [];
  let total = 0;
  schools.forEach((school, i) => {
    for (const v of VOLETS) {
      total += school[v.total] ?? 0;
      (school[v.lines] ?? []).forEach((line, j) => {
        const cents = line.quantity * line.unitCents;
        total += cents;
        if (!Number.isSafeInteger(cents)) {
          fields.push({ path: formatPath(['schools', i, v.lines, j]), message: 'Montant de la ligne trop élevé (quantité × prix unitaire).' });
        }
      });
    }
  });
  if (fields.length === 0 && !Number.isSafeInteger(total)) fields.push({ path: 'schools', message: 'La somme des montants du dossier est trop élevée.' });
  return fields;
}

const sumLines = (lines: readonly SpendingLine[]): number => lines.reduce((s, l) => s + l.quantity * l.unitCents, 0);

const schemas = new WeakMap<CallRegistry, ReturnType<typeof inputSchema>>();

/** Validates a simulation input and totals its lines. */
export function parseSimulationInput(
  input: unknown,
  registry: CallRegistry,
): { ok: true; value: SimulationInput } | { ok: false; error: SimulationError } {
  let schema = schemas.get(registry);
  if (schema === undefined) {
    schema = inputSchema(registry);
    schemas.set(registry, schema);
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const fields: FieldError[] = [];
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) fields.push({ path: formatPath([...issue.path, key]), message: `Champ inconnu : « ${key} ».` });
      } else {
        fields.push({ path: formatPath(issue.path), message: issue.message });
      }
    }
    return { ok: false, error: inputError(fields) };
  }
  const tooLarge = amountsBeyondExactIntegers(parsed.data.schools);
  if (tooLarge.length > 0) return { ok: false, error: inputError(tooLarge) };
  const schools = parsed.data.schools.map(
    (s): DossierSchool => ({
      ...(s.uai === undefined ? {} : { uai: s.uai }),
      ...(s.commune === undefined ? {} : { commune: s.commune }),
      classes: s.classes,
      pupils: s.pupils,
      equipmentCents: s.equipmentCents ?? sumLines(s.equipment ?? []),
      servicesCents: s.servicesCents ?? sumLines(s.services ?? []),
    }),
  );
  return { ok: true, value: { call: parsed.data.call, schools } };
}
