// The decision letter (« notification de décision ») of a dossier retained in a wave (issue 5): the
// académie's decision, the maximum amount of subsidy allocated per volet, the schools, what comes next
// (the convention to accept on the platform, payments on proof) and the means of appeal. A tagged PDF
// in Marianne (pdf.ts), reproducible from its input (the instant of the decision).
import { formatEuros, formatParisDate, formatParisInstant, formatSiren } from './format';
import { assertDecisionInput, KIND_LABEL, paymentTerms, percentOf, schoolsTable, type DecisionDocumentInput } from './decision-documents';
import { PdfBuilder } from './pdf';

export type { DecisionDocumentInput } from './decision-documents';

export async function renderDecisionLetter(input: DecisionDocumentInput): Promise<Buffer> {
  assertDecisionInput(input);
  const { call, academie, dossier, applicant, allocation, wave } = input;
  const terms = paymentTerms(input);
  const pdf = await PdfBuilder.create({
    title: `Décision d’attribution de subvention — dossier ${dossier.reference}`,
    subject: `Appel à projets « ${call.title} » : décision de la vague ${wave.number} de l’académie de ${academie.name} sur le dossier ${dossier.reference}`,
    keywords: ['décision', 'subvention', call.id, dossier.reference],
    ministry: call.ministry,
    issuer: [`Académie de ${academie.name}`, 'Délégation régionale académique au numérique éducatif'],
    footer: `Décision · dossier ${dossier.reference} · vague ${wave.number}`,
    createdAt: wave.decidedAt,
  });

  pdf.paragraph(`Le ${formatParisDate(wave.decidedAt)}`, { align: 'right' });
  pdf.paragraph([{ text: applicant.name, bold: true }, ...(input.signatory ? [{ text: `\nÀ l’attention de ${input.signatory.name}, ${input.signatory.capacity}` }] : []), ...(applicant.address ? [{ text: `\n${applicant.address}` }] : [])]);
  pdf.title('Décision d’attribution de subvention');
  pdf.fields([
    { label: 'Appel à projets', value: call.title },
    { label: 'Dossier', value: { text: dossier.reference, bold: true } },
    { label: 'Décision', value: `vague ${wave.number} du comité de l’académie de ${academie.name}, le ${formatParisInstant(wave.decidedAt)}` },
    { label: 'Bénéficiaire', value: `${applicant.name} (${KIND_LABEL[applicant.kind]}, SIREN ${formatSiren(applicant.siren)})` },
    ...(applicant.departement ? [{ label: 'Département', value: applicant.departement }] : []),
  ]);

  pdf.paragraph(
    `Madame, Monsieur, j’ai l’honneur de vous informer qu’au terme de l’instruction de votre dossier, le comité de l’académie de ${academie.name} ` +
    `a retenu votre projet lors de sa vague de décision n° ${wave.number}. Une subvention de l’État vous est attribuée dans la limite du montant maximum suivant :`,
  );
  pdf.table({
    caption: 'Montant maximum de subvention alloué, par volet',
    rowHeaderColumn: 0,
    size: 9.5,
    columns: [{ header: 'Volet', width: 240 }, { header: 'Montant maximum alloué', width: 120, align: 'right' }],
    rows: [
      ['Volet 1 — Équipement', formatEuros(allocation.equipmentCents)],
      ['Volet 2 — Services et ressources numériques', formatEuros(allocation.servicesCents)],
    ],
    footerRows: [['Total', formatEuros(terms.totalCents)]],
  });
  pdf.paragraph([{ text: 'Montant maximum de subvention alloué : ' }, { text: formatEuros(terms.totalCents), bold: true }, { text: ` (montants ${call.amountBasis}).` }]);

  pdf.heading(`Écoles concernées (${input.schools.length})`);
  schoolsTable(pdf, input.schools, 'Écoles du projet retenu');

  pdf.heading('Suite de la procédure');
  pdf.list([
    'La convention attributive de subvention entre l’État et votre collectivité est jointe à la présente décision. Elle est à accepter sur la plateforme, par un administrateur de l’espace de votre collectivité.',
    `Les versements se font sur justificatifs : une avance de ${percentOf(terms.advanceRate)} au plus du montant maximum (soit ${formatEuros(terms.advanceMaxCents)}) au commencement, des acomptes portant le total à ${percentOf(terms.beforeBalanceRate)} au plus (soit ${formatEuros(terms.beforeBalanceMaxCents)}), puis le solde sur présentation de l’état récapitulatif des dépenses.`,
    'La subvention est recalculée sur les dépenses éligibles réellement réalisées et justifiées ; elle ne peut jamais dépasser le montant maximum alloué.',
  ]);

  pdf.heading('Voies et délais de recours');
  pdf.paragraph(
    'La présente décision peut faire l’objet d’un recours gracieux auprès de la rectrice ou du recteur d’académie, ou d’un recours contentieux devant ' +
    'le tribunal administratif compétent, dans un délai de deux mois à compter de sa notification.',
  );

  pdf.heading('Signature');
  pdf.paragraph(`Pour la rectrice ou le recteur de l’académie de ${academie.name}, et par délégation,`);
  pdf.paragraph({ text: wave.decidedBy, bold: true });
  pdf.note(`Décision enregistrée sur la plateforme socle le ${formatParisInstant(wave.decidedAt)} (heure de Paris), vague n° ${wave.number}.`);
  return pdf.toBuffer();
}
