// The ten objectives a project pursues, in whole or in part (DOMAIN.md §1). Stored as a checklist of
// codes plus a free text per objective chosen. Codes are stable: never rename one, add new ones.

export const OBJECTIVES = [
  { code: 'FUNDAMENTALS', number: 1, label: 'Les savoirs fondamentaux (lire, écrire, compter, respecter autrui) et la personnalisation des apprentissages' },
  { code: 'INCLUSION', number: 2, label: 'Une école plus inclusive' },
  { code: 'DIGITAL_SKILLS', number: 3, label: 'La culture et les compétences numériques des élèves' },
  { code: 'OUT_OF_SCHOOL_SUPPORT', number: 4, label: "L'accompagnement des élèves en dehors du temps scolaire" },
  { code: 'FAMILIES', number: 5, label: "La relation entre les familles et l'école" },
  { code: 'EDUCATIONAL_ACTIVITIES', number: 6, label: 'Les liens entre les apprentissages scolaires et les activités éducatives et périscolaires (PEDT par exemple)' },
  { code: 'DIGITAL_USES', number: 7, label: "Les usages numériques à l'école et autour de l'école, activités périscolaires comprises" },
  { code: 'ENT', number: 8, label: 'Un espace numérique de travail (ENT) ou une plateforme collaborative' },
  { code: 'BASELINE_EVERYWHERE', number: 9, label: 'Le socle numérique de base atteint dans toutes les écoles du territoire' },
  { code: 'LENDING_POOL', number: 10, label: "Un parc d'équipements mobiles pouvant être prêtés aux familles non équipées en cas de besoin" },
] as const;

export type ObjectiveCode = (typeof OBJECTIVES)[number]['code'];

export interface Objective {
  readonly code: ObjectiveCode;
  readonly number: number;
  readonly label: string;
}

export const OBJECTIVE_CODES: readonly ObjectiveCode[] = OBJECTIVES.map((o) => o.code);

const BY_CODE: ReadonlyMap<string, Objective> = new Map(OBJECTIVES.map((o) => [o.code, o]));

export function isObjectiveCode(code: string): code is ObjectiveCode {
  return BY_CODE.has(code);
}

export function getObjective(code: string): Objective | undefined {
  return BY_CODE.get(code);
}

/** French label of an objective, or the code itself when unknown. */
export function objectiveLabel(code: string): string {
  return BY_CODE.get(code)?.label ?? code;
}

/** An objective the project pursues, with the applicant's text on how. */
export interface ChosenObjective {
  readonly code: ObjectiveCode;
  readonly text: string;
}
