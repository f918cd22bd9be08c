// The proof of deposit (« accusé de dépôt ») given to an applicant when a dossier is submitted
// (DOMAIN.md §4): the call, the applicant, the dossier's reference and version, the instant in Paris
// time, the schools, the amounts per volet computed at submission, and the SHA-256 digest of the
// frozen version with how to check it. A tagged PDF in Marianne (see pdf.ts).
import { isCents, sumCents, type Cents } from '../domain/money';
import { formatEuros, formatInteger, formatParisInstant, formatSiren } from './format';
import { PdfBuilder, type TableCell } from './pdf';

export interface ProofOfDepositVolet {
  /** Spending declared. */
  readonly spendingCents: Cents;
  /** Part of it the rules retain. */
  readonly eligibleCents: Cents;
  /** Subsidy computed on it. */
  readonly grantCents: Cents;
}

export interface ProofOfDepositSchool {
  readonly uai: string;
  readonly name: string;
  /** Name of the school's commune. */
  readonly commune: string;
  /** Classes of cycles 2–3. */
  readonly classes: number;
  readonly pupils: number;
  /** False when the school is excluded by the rules (below the minimum): its amounts count for nothing. */
  readonly eligible: boolean;
  readonly privateUnderContract?: boolean;
  /** Volet 1 spending declared for the school. */
  readonly equipmentCents: Cents;
  /** Volet 2 spending declared for the school (two school years). */
  readonly servicesCents: Cents;
  /** The school's share of the subsidy computed. */
  readonly grantCents: Cents;
}

export type ApplicantKind = 'commune' | 'epci' | 'syndicat';

export interface ProofOfDepositInput {
  readonly call: { readonly id: string; readonly title: string; readonly ministry?: string };
  readonly dossier: { readonly reference: string; readonly version: number };
  readonly applicant: {
    /** Name of the collectivité: « Commune de Rennes », « Rennes Métropole ». */
    readonly name: string;
    readonly kind: ApplicantKind;
    readonly siren: string;
    /** « Ille-et-Vilaine (35) », shown when given. */
    readonly departement?: string;
  };
  readonly signatory?: { readonly name: string; readonly capacity: string };
  readonly schools: readonly ProofOfDepositSchool[];
  readonly amounts: {
    readonly equipment: ProofOfDepositVolet;
    readonly services: ProofOfDepositVolet;
    readonly grantCents: Cents;
  };
  /** SHA-256 of the frozen version, 64 lowercase hexadecimal digits. */
  readonly digest: string;
  /** UTC ISO instant of the submission. */
  readonly submittedAt: string;
  /** Display name of the person who submitted. */
  readonly submittedBy: string;
  /** Page where the digest of each version can be seen, when there is one. */
  readonly verificationUrl?: string;
}

const KIND_LABEL: Readonly<Record<ApplicantKind, string>> = {
  commune: 'Commune',
  epci: 'Établissement public de coopération intercommunale (EPCI)',
  syndicat: 'Syndicat de communes',
};

/** The proof of deposit of a dossier's version, as the bytes of a PDF. */
export async function renderProofOfDeposit(input: ProofOfDepositInput): Promise<Buffer> {
  assertValid(input);
  const { call, dossier, applicant, amounts } = input;
  const submittedAt = new Date(input.submittedAt);
  const when = formatParisInstant(submittedAt);

  const pdf = await PdfBuilder.create({
    title: `Accusé de dépôt du dossier ${dossier.reference}`,
    subject: `Appel à projets « ${call.title} » : accusé de dépôt de la version ${dossier.version} du dossier ${dossier.reference}`,
    keywords: ['accusé de dépôt', call.id, dossier.reference],
    ministry: call.ministry,
    issuer: ['Direction du numérique pour l’éducation', 'Plateforme socle'],
    footer: `Accusé de dépôt · dossier ${dossier.reference} · version ${dossier.version}`,
    createdAt: submittedAt,
  });

  pdf.title('Accusé de dépôt');
  pdf.paragraph([{ text: 'Appel à projets « ' }, { text: call.title, bold: true }, { text: ' »' }], { size: 11 });
  pdf.paragraph([
    { text: `Déposé le ${when} (heure de Paris)`, bold: true },
    { text: ` par ${input.submittedBy}.` },
  ]);
  pdf.paragraph(
    'La plateforme atteste avoir reçu le dossier décrit ci-dessous. Cet accusé ne vaut pas décision ' +
      'd’attribution d’une subvention.',
  );

  pdf.heading('Dossier');
  pdf.fields([
    { label: 'Référence', value: { text: dossier.reference, bold: true } },
    { label: 'Version déposée', value: `version ${dossier.version}` },
    { label: 'Date et heure du dépôt', value: `${when} (heure de Paris)` },
    { label: 'Déposé par', value: input.submittedBy },
  ]);

  pdf.heading('Demandeur');
  pdf.fields([
    { label: 'Collectivité', value: { text: applicant.name, bold: true } },
    { label: 'Nature', value: KIND_LABEL[applicant.kind] },
    { label: 'SIREN', value: formatSiren(applicant.siren) },
    ...(applicant.departement ? [{ label: 'Département', value: applicant.departement }] : []),
    ...(input.signatory ? [{ label: 'Signataire', value: `${input.signatory.name}, ${input.signatory.capacity}` }] : []),
  ]);

  pdf.heading(`Écoles concernées (${input.schools.length})`);
  const excluded = input.schools.filter((s) => !s.eligible);
  pdf.table({
    caption: 'Écoles du dossier, effectifs et montants calculés au dépôt',
    rowHeaderColumn: 1,
    columns: [
      { header: 'UAI', width: 56 },
      { header: 'École', width: 90 },
      { header: 'Commune', width: 52 },
      { header: 'Classes', width: 42, align: 'right' },
      { header: 'Élèves', width: 38, align: 'right' },
      { header: 'Équipement (volet 1)', width: 70, align: 'right' },
      { header: 'Services (volet 2)', width: 66, align: 'right' },
      { header: 'Subvention calculée', width: 70, align: 'right' },
    ],
    rows: input.schools.map((s): TableCell[] => [
      s.uai,
      s.privateUnderContract ? `${s.name} (privée sous contrat)` : s.name,
      s.commune,
      formatInteger(s.classes),
      formatInteger(s.pupils),
      formatEuros(s.equipmentCents),
      formatEuros(s.servicesCents),
      s.eligible ? formatEuros(s.grantCents) : 'non éligible',
    ]),
    footerRows: [
      [
        '',
        'Total',
        '',
        formatInteger(sum(input.schools.map((s) => s.classes))),
        formatInteger(sum(input.schools.map((s) => s.pupils))),
        formatEuros(sumCents(input.schools.map((s) => s.equipmentCents))),
        formatEuros(sumCents(input.schools.map((s) => s.servicesCents))),
        formatEuros(sumCents(input.schools.filter((s) => s.eligible).map((s) => s.grantCents))),
      ],
    ],
  });
  if (excluded.length > 0) {
    pdf.note(
      `${excluded.length === 1 ? 'L’école marquée « non éligible » est exclue' : 'Les écoles marquées « non éligible » sont exclues'} ` +
        'par les règles de l’appel à projets : ses montants ne comptent pas dans la subvention calculée.',
    );
  }

  pdf.heading('Montants calculés au dépôt');
  const total = {
    spending: amounts.equipment.spendingCents + amounts.services.spendingCents,
    eligible: amounts.equipment.eligibleCents + amounts.services.eligibleCents,
  };
  pdf.table({
    caption: 'Montants par volet',
    rowHeaderColumn: 0,
    size: 9.5,
    columns: [
      { header: 'Volet', width: 160 },
      { header: 'Dépenses déclarées', width: 80, align: 'right' },
      { header: 'Montant éligible', width: 80, align: 'right' },
      { header: 'Subvention calculée', width: 80, align: 'right' },
    ],
    rows: [
      voletRow('Volet 1 — Équipement', amounts.equipment),
      voletRow('Volet 2 — Services et ressources numériques', amounts.services),
    ],
    footerRows: [['Total', formatEuros(total.spending), formatEuros(total.eligible), formatEuros(amounts.grantCents)]],
  });
  pdf.paragraph([
    { text: 'Subvention calculée au dépôt : ' },
    { text: formatEuros(amounts.grantCents), bold: true },
    { text: '.' },
  ]);
  pdf.note(
    'Ces montants sont ceux calculés par la plateforme au moment du dépôt, selon les règles de l’appel à ' +
      'projets, à partir des dépenses déclarées. Ils ne valent pas attribution : le montant définitif ' +
      '(montant maximum de subvention alloué, par volet) est fixé par la décision prise après ' +
      'l’instruction du dossier. Le volet 3 (accompagnement) est porté par l’académie et ne donne pas ' +
      'lieu à subvention.',
  );

  pdf.heading('Empreinte de la version déposée');
  pdf.paragraph(
    `Empreinte SHA-256 de la version déposée (version ${dossier.version} du dossier ${dossier.reference}) :`,
  );
  pdf.paragraph({ text: input.digest, bold: true }, { size: 9.5, after: 8 });
  pdf.paragraph(
    'Cette empreinte est calculée par l’algorithme SHA-256 sur le contenu de la version du dossier, ' +
      'figée au moment du dépôt. Elle l’identifie de façon certaine : la moindre modification du ' +
      'dossier, même d’un seul caractère, donnerait une empreinte entièrement différente.',
  );
  pdf.paragraph(
    'Pour vérifier qu’une version du dossier est bien celle qui a été déposée, comparez son empreinte, ' +
      'affichée dans l’historique du dossier sur la plateforme, aux 64 caractères ci-dessus : ' +
      'elles doivent être identiques, caractère pour caractère.' +
      (input.verificationUrl ? ` Historique du dossier : ${input.verificationUrl}` : ''),
  );
  pdf.note(`Instant du dépôt enregistré : ${submittedAt.toISOString()} (temps universel coordonné).`);

  return pdf.toBuffer();
}

function voletRow(label: string, volet: ProofOfDepositVolet): TableCell[] {
  return [label, formatEuros(volet.spendingCents), formatEuros(volet.eligibleCents), formatEuros(volet.grantCents)];
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Programming errors, not user input: the command that submits passes what it froze. */
function assertValid(input: ProofOfDepositInput): void {
  if (!/^[0-9a-f]{64}$/.test(input.digest)) {
    throw new RangeError(`digest: 64 chiffres hexadécimaux minuscules attendus (SHA-256), reçu « ${input.digest} »`);
  }
  if (Number.isNaN(Date.parse(input.submittedAt))) throw new RangeError(`submittedAt: instant ISO invalide « ${input.submittedAt} »`);
  if (!Number.isSafeInteger(input.dossier.version) || input.dossier.version < 1) {
    throw new RangeError(`dossier.version: entier ≥ 1 attendu, reçu ${input.dossier.version}`);
  }
  const cents: [string, number][] = [
    ['amounts.grantCents', input.amounts.grantCents],
    ...(['equipment', 'services'] as const).flatMap((v) =>
      (['spendingCents', 'eligibleCents', 'grantCents'] as const).map((k): [string, number] => [`amounts.${v}.${k}`, input.amounts[v][k]]),
    ),
    ...input.schools.flatMap((s, i) =>
      (['equipmentCents', 'servicesCents', 'grantCents'] as const).map((k): [string, number] => [`schools[${i}].${k}`, s[k]]),
    ),
  ];
  for (const [path, value] of cents) {
    if (!isCents(value)) throw new RangeError(`${path}: centimes entiers positifs attendus, reçu ${value}`);
  }
}
