// The convention (State–collectivité agreement) of a retained dossier (issue 5, DOMAIN.md §4): the
// parties, the object, the schools, the maximum amount of subsidy per volet, the beneficiary's
// obligations, the payment terms (advance ≤ 30 %, instalments up to 80 %, balance on proof, never
// above the maximum, recomputed on the actual eligible spending), duration, control, and the
// signatures block. The applicant accepts it on the platform; the SHA-256 of these bytes is recorded,
// so the document is reproducible from its input (no acceptance in it: what is accepted is this).
import { formatEuros, formatParisDate, formatParisInstant, formatSiren } from './format';
import { assertDecisionInput, KIND_LABEL, paymentTerms, percentOf, schoolsTable, type DecisionDocumentInput } from './decision-documents';
import { PdfBuilder } from './pdf';

export type { DecisionDocumentInput } from './decision-documents';

export async function renderAgreement(input: DecisionDocumentInput): Promise<Buffer> {
  assertDecisionInput(input);
  const { call, academie, dossier, applicant, allocation, wave } = input;
  const terms = paymentTerms(input);
  const pdf = await PdfBuilder.create({
    title: `Convention attributive de subvention — dossier ${dossier.reference}`,
    subject: `Appel à projets « ${call.title} » : convention entre l’État (académie de ${academie.name}) et ${applicant.name}`,
    keywords: ['convention', 'subvention', call.id, dossier.reference],
    ministry: call.ministry,
    issuer: [`Académie de ${academie.name}`],
    footer: `Convention · dossier ${dossier.reference}`,
    createdAt: wave.decidedAt,
  });

  pdf.title('Convention attributive de subvention');
  pdf.paragraph([{ text: 'Appel à projets « ' }, { text: call.title, bold: true }, { text: ` » — dossier ${dossier.reference}` }], { size: 11 });

  pdf.heading('Entre les soussignés');
  pdf.paragraph(`L’État, ministère chargé de l’éducation nationale, représenté par la rectrice ou le recteur de l’académie de ${academie.name}, ci-après « l’État »,`);
  pdf.paragraph('et');
  pdf.fields([
    { label: 'Bénéficiaire', value: { text: applicant.name, bold: true } },
    { label: 'Nature', value: KIND_LABEL[applicant.kind] },
    { label: 'SIREN', value: formatSiren(applicant.siren) },
    ...(applicant.departement ? [{ label: 'Département', value: applicant.departement }] : []),
    ...(applicant.address ? [{ label: 'Adresse', value: applicant.address }] : []),
    ...(input.signatory ? [{ label: 'Représenté par', value: `${input.signatory.name}, ${input.signatory.capacity}` }] : []),
  ]);
  pdf.paragraph('ci-après « le bénéficiaire », il est convenu ce qui suit.');

  pdf.heading('Article 1 — Objet');
  pdf.paragraph(
    `La présente convention fixe les conditions dans lesquelles l’État soutient le projet numérique des écoles élémentaires du bénéficiaire, retenu ` +
    `par le comité de l’académie de ${academie.name} lors de sa vague de décision n° ${wave.number} du ${formatParisDate(wave.decidedAt)}, pour doter ces écoles ` +
    'du socle numérique de base : équipement et réseaux (volet 1), services et ressources numériques (volet 2). L’accompagnement (volet 3) est porté par l’académie.',
  );

  pdf.heading(`Article 2 — Écoles concernées (${input.schools.length})`);
  schoolsTable(pdf, input.schools, 'Écoles du projet');

  pdf.heading('Article 3 — Montant maximum de la subvention');
  pdf.table({
    caption: 'Montant maximum de subvention alloué, par volet',
    rowHeaderColumn: 0,
    size: 9.5,
    columns: [
      { header: 'Volet', width: 200 },
      ...(input.spending ? [{ header: 'Dépenses prévues', width: 100, align: 'right' as const }] : []),
      { header: 'Montant maximum alloué', width: 110, align: 'right' },
    ],
    rows: [
      ['Volet 1 — Équipement', ...(input.spending ? [formatEuros(input.spending.equipmentCents)] : []), formatEuros(allocation.equipmentCents)],
      ['Volet 2 — Services et ressources numériques', ...(input.spending ? [formatEuros(input.spending.servicesCents)] : []), formatEuros(allocation.servicesCents)],
    ],
    footerRows: [['Total', ...(input.spending ? [formatEuros(input.spending.equipmentCents + input.spending.servicesCents)] : []), formatEuros(terms.totalCents)]],
  });
  pdf.paragraph([
    { text: 'L’État attribue au bénéficiaire une subvention d’un montant maximum de ' }, { text: formatEuros(terms.totalCents), bold: true },
    { text: ` (montants ${call.amountBasis}). Le montant maximum de chaque volet ne peut être reporté sur l’autre.` },
  ]);

  pdf.heading('Article 4 — Obligations du bénéficiaire');
  pdf.list([
    'Réaliser le projet décrit dans le dossier, construit avec les équipes pédagogiques des écoles, et en conserver les pièces justificatives.',
    'Acquérir les équipements et services selon les règles de la commande publique, et les affecter aux écoles concernées.',
    'Tenir un inventaire des équipements acquis et, le cas échéant, des prêts d’équipements mobiles aux familles.',
    'Informer l’académie de toute modification du projet, de son calendrier ou de son plan de financement.',
    'Mentionner le soutien de l’État (plan de relance) dans sa communication sur le projet.',
  ]);

  pdf.heading('Article 5 — Modalités de versement');
  pdf.paragraph('La subvention est versée selon les règles du décret n° 2018-514 du 25 juin 2018 (article 12), sur demande du bénéficiaire déposée sur la plateforme :');
  pdf.list([
    `une avance au commencement du projet, de ${percentOf(terms.advanceRate)} au plus du montant maximum, soit ${formatEuros(terms.advanceMaxCents)} au plus ;`,
    `des acomptes au fur et à mesure des dépenses justifiées, l’avance et les acomptes ne pouvant dépasser ensemble ${percentOf(terms.beforeBalanceRate)} du montant maximum, soit ${formatEuros(terms.beforeBalanceMaxCents)} ;`,
    'le solde sur présentation des factures et de l’état récapitulatif des dépenses réalisées, certifié par le comptable public.',
  ]);
  pdf.paragraph(
    'Le montant définitif de la subvention est recalculé selon les règles de l’appel à projets sur les dépenses éligibles réellement réalisées et justifiées. ' +
    `Il ne peut en aucun cas dépasser le montant maximum alloué (${formatEuros(terms.totalCents)}) ; les sommes versées au-delà sont reversées.`,
  );

  pdf.heading('Article 6 — Durée');
  pdf.paragraph('La convention prend effet à son acceptation par le bénéficiaire. Les dépenses sont réalisées et justifiées dans les deux années scolaires qui suivent.');

  pdf.heading('Article 7 — Contrôle et reversement');
  pdf.paragraph(
    'Les services de l’État peuvent contrôler l’emploi de la subvention sur pièces et sur place. En cas d’inexécution, de modification non autorisée du projet ' +
    'ou d’emploi non conforme, l’État peut exiger le reversement de tout ou partie des sommes versées.',
  );

  pdf.heading('Signatures');
  pdf.table({
    caption: 'Signatures des parties',
    columns: [{ header: 'Pour l’État', width: 200 }, { header: 'Pour le bénéficiaire', width: 200 }],
    rows: [[
      `Pour la rectrice ou le recteur de l’académie de ${academie.name}, par délégation : ${wave.decidedBy}, décision du ${formatParisInstant(wave.decidedAt)}`,
      `${input.signatory ? `${input.signatory.name}, ${input.signatory.capacity}` : applicant.name} : acceptation en ligne sur la plateforme socle`,
    ]],
  });
  pdf.note(
    'Le bénéficiaire accepte la présente convention sur la plateforme : la personne qui l’accepte, l’instant de l’acceptation et l’empreinte SHA-256 de ce ' +
    'document sont enregistrés dans l’historique du dossier et vérifiables.',
  );
  return pdf.toBuffer();
}
