// The proof of deposit, read back with pdfjs-dist (another implementation than the one that wrote it).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dsfrFontsDir, woff2ToTtf } from '../../../src/documents/fonts/convert';
import { MARIANNE_FACES, marianneTtf } from '../../../src/documents/fonts/index';
import { formatParisDate, formatParisInstant } from '../../../src/documents/format';
import { renderProofOfDeposit, type ProofOfDepositInput, type ProofOfDepositSchool } from '../../../src/documents/proof-of-deposit';
import { RENNES_PROOF } from './fixtures';
import { readPdf, roles, squash, type ReadPdf } from './read-pdf';

describe('proof of deposit of a dossier of Rennes with two schools', () => {
  let bytes: Buffer;
  let pdf: ReadPdf;
  beforeAll(async () => {
    bytes = await renderProofOfDeposit(RENNES_PROOF);
    pdf = await readPdf(bytes);
  });

  it('is a PDF titled after the dossier, in French, on A4', async () => {
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.info.Title).toBe('Accusé de dépôt du dossier SNEE-2021-035-000123');
    expect(pdf.info.Language).toBe('fr-FR');
    expect(pdf.info.Author).toBe('Ministère de l’Éducation nationale, de la Jeunesse et des Sports');
    // Viewers show the title rather than the file name.
    expect(bytes.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
    expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });

  it('says who applied, for which call, and when, in Paris time', () => {
    expect(pdf.text).toContain('RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité');
    expect(pdf.text).toContain('Accusé de dépôt');
    expect(pdf.text).toContain('Appel à projets « Socle numérique dans les écoles élémentaires (2021) »');
    expect(pdf.text).toContain('Commune de Rennes');
    expect(pdf.text).toContain('SIREN : 213 502 388');
    expect(pdf.text).toContain('Signataire : Claire Le Goff, adjointe au maire déléguée à l’éducation');
    expect(pdf.text).toContain('Référence : SNEE-2021-035-000123');
    expect(pdf.text).toContain('Version déposée : version 2');
    // 16:42:17 UTC on 31 March 2021 is 18:42 in Paris (summer time since 28 March).
    expect(pdf.text).toContain('Déposé le 31 mars 2021 à 18 h 42 (heure de Paris) par Claire Le Goff.');
    expect(pdf.text).toContain('2021-03-31T16:42:17.000Z');
  });

  it('lists each school with its UAI, figures and amounts formatted in French', () => {
    expect(pdf.text).toContain('0350592D École élémentaire publique Joseph Lotte Rennes 9 187 28 350,00 € 3 200,00 € 21 445,00 €');
    expect(pdf.text).toContain('0350593E École élémentaire publique Albert de Mun Rennes 10 263 36 720,50 € 4 100,00 € 26 550,00 €');
    expect(pdf.text).toContain('Total 19 450 65 070,50 € 7 300,00 € 47 995,00 €');
  });

  it('gives the amounts per volet computed at submission, and says the decision sets the final amount', () => {
    expect(pdf.text).toContain('Volet 1 — Équipement 65 070,50 € 63 350,00 € 44 345,00 €');
    expect(pdf.text).toContain('Volet 2 — Services et ressources numériques 7 300,00 € 7 300,00 € 3 650,00 €');
    expect(pdf.text).toContain('Subvention calculée au dépôt : 47 995,00 €.');
    expect(pdf.text).toContain('Ces montants sont ceux calculés par la plateforme au moment du dépôt');
    expect(pdf.text).toMatch(/le montant définitif .* est fixé par la décision/);
  });

  it('keeps the French spaces of the amounts (U+202F between thousands, U+00A0 before €) for copy and paste', () => {
    // pdfjs folds every space to U+0020 when extracting, so read the fonts' ToUnicode maps instead.
    const cmaps = streams(bytes).filter((s) => s.includes('begincmap'));
    expect(cmaps.length).toBeGreaterThan(0);
    const mapped = cmaps.join('\n');
    expect(mapped).toMatch(/<202f>/i);
    expect(mapped).toMatch(/<00a0>/i);
  });

  it('writes the digest in full, with how to verify it', () => {
    expect(pdf.text).toContain(`Empreinte SHA-256 de la version déposée (version 2 du dossier SNEE-2021-035-000123) : ${RENNES_PROOF.digest}`);
    const digestPieces = pdf.pages.flatMap((p) => p.pieces).filter((p) => p.text.includes(RENNES_PROOF.digest));
    expect(digestPieces).toHaveLength(1); // on one line, in one piece: it can be copied as is
    expect(pdf.text).toContain('comparez son empreinte, affichée dans l’historique du dossier sur la plateforme');
  });

  it('is tagged: marked, with a structure tree of headings, paragraphs and a table with header cells', () => {
    expect(pdf.marked).toBe(true);
    const all = pdf.pages.flatMap((p) => roles(p.structure));
    expect(all).toEqual(expect.arrayContaining(['Document', 'H1', 'H2', 'P', 'Table', 'Caption', 'THead', 'TBody', 'TFoot', 'TR', 'TH', 'TD']));
    expect(all.filter((r) => r === 'H1')).toHaveLength(1);
    const firstPage = roles(pdf.pages[0].structure);
    // Header row (8 TH) + two schools + the total: 4 rows in the first table.
    expect(firstPage.filter((r) => r === 'TR')).toHaveLength(4);
  });

  it('tags every piece of text: content in the structure tree, page footers as artifacts', () => {
    for (const [i, page] of pdf.pages.entries()) {
      const visible = page.pieces.filter((p) => p.text.trim() !== '');
      const untagged = visible.filter((p) => !p.tagged && p.tag !== 'Artifact');
      expect(untagged).toEqual([]);
      const footer = visible.filter((p) => p.text === `Page ${i + 1} sur ${pdf.pages.length}`);
      expect(footer).toEqual([{ text: `Page ${i + 1} sur ${pdf.pages.length}`, tag: 'Artifact', tagged: false }]);
    }
  });

  it('embeds Marianne, and only Marianne', () => {
    const fonts = pdf.pages.flatMap((p) => p.fonts);
    expect(fonts.length).toBeGreaterThan(0);
    for (const name of fonts) expect(name).toMatch(/^[A-Z]{6}\+Marianne-(Regular|Bold|RegularItalic)$/);
    expect(fonts.some((n) => n.endsWith('Marianne-Bold'))).toBe(true);
    expect(bytes.toString('latin1')).toContain('/FontFile2'); // TrueType program embedded
    expect(bytes.toString('latin1')).not.toMatch(/Helvetica|Times|Courier/);
  });

  it('is reproducible: the same version gives the same bytes', async () => {
    const again = await renderProofOfDeposit(RENNES_PROOF);
    expect(createHash('sha256').update(again).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('proof of deposit of a large dossier', () => {
  const schools: ProofOfDepositSchool[] = Array.from({ length: 70 }, (_, i) => ({
    uai: `03506${String(i).padStart(2, '0')}X`,
    name: `École élémentaire publique numéro ${i + 1}`,
    commune: 'Rennes',
    classes: 8,
    pupils: 200,
    eligible: true,
    equipmentCents: 2_000_000,
    servicesCents: 300_000,
    grantCents: 1_550_000,
  }));
  const input: ProofOfDepositInput = {
    ...RENNES_PROOF,
    schools,
    amounts: {
      equipment: { spendingCents: 140_000_000, eligibleCents: 100_000_000, grantCents: 54_000_000 },
      services: { spendingCents: 21_000_000, eligibleCents: 21_000_000, grantCents: 10_500_000 },
      grantCents: 64_500_000,
    },
  };

  it('goes on over several pages, repeats the header row as an artifact, and numbers the pages', async () => {
    const pdf = await readPdf(await renderProofOfDeposit(input));
    expect(pdf.pages.length).toBeGreaterThanOrEqual(3);
    for (const school of schools) expect(pdf.text).toContain(`${school.uai} ${school.name} Rennes 8 200 20 000,00 €`);
    expect(pdf.text).toContain('Total 560 14 000 1 400 000,00 € 210 000,00 € 1 085 000,00 €');
    expect(pdf.text).toContain('Volet 1 — Équipement 1 400 000,00 € 1 000 000,00 € 540 000,00 €');
    const page2 = pdf.pages[1];
    expect(page2.pieces.filter((p) => p.text === 'UAI')).toEqual([{ text: 'UAI', tag: 'Artifact', tagged: false }]);
    // The header row is in the structure once, whatever the pages: schools table 1 + 70 + 1 (total)
    // rows, amounts table 1 + 2 + 1.
    const rows = pdf.pages.flatMap((p) => roles(p.structure)).filter((r) => r === 'TR');
    expect(rows).toHaveLength(72 + 4);
    expect(squash(pdf.pages.at(-1)!.text)).toContain(`Page ${pdf.pages.length} sur ${pdf.pages.length}`);
  });
});

describe('proof of deposit: other cases', () => {
  it('marks a school excluded by the rules and a private school under contract', async () => {
    const [lotte, mun] = RENNES_PROOF.schools;
    const pdf = await readPdf(
      await renderProofOfDeposit({
        ...RENNES_PROOF,
        schools: [lotte, { ...mun, eligible: false, grantCents: 0, privateUnderContract: true }],
      }),
    );
    expect(pdf.text).toContain('0350593E École élémentaire publique Albert de Mun (privée sous contrat) Rennes 10 263 36 720,50 € 4 100,00 € non éligible');
    expect(pdf.text).toContain('L’école marquée « non éligible » est exclue');
  });

  it('writes the winter time of Paris too', async () => {
    const pdf = await readPdf(await renderProofOfDeposit({ ...RENNES_PROOF, submittedAt: '2021-01-14T08:05:00Z' }));
    expect(pdf.text).toContain('Déposé le 14 janvier 2021 à 09 h 05 (heure de Paris)');
  });

  it('refuses a digest that is not a SHA-256, amounts that are not whole cents, an invalid instant', async () => {
    await expect(renderProofOfDeposit({ ...RENNES_PROOF, digest: 'abc' })).rejects.toThrow(/digest/);
    await expect(renderProofOfDeposit({ ...RENNES_PROOF, digest: RENNES_PROOF.digest.toUpperCase() })).rejects.toThrow(/digest/);
    const amounts = { ...RENNES_PROOF.amounts, grantCents: 4_799_500.5 };
    await expect(renderProofOfDeposit({ ...RENNES_PROOF, amounts })).rejects.toThrow(/amounts\.grantCents/);
    const schools = [{ ...RENNES_PROOF.schools[0], equipmentCents: -1 }];
    await expect(renderProofOfDeposit({ ...RENNES_PROOF, schools })).rejects.toThrow(/schools\[0\]\.equipmentCents/);
    await expect(renderProofOfDeposit({ ...RENNES_PROOF, submittedAt: 'hier' })).rejects.toThrow(/submittedAt/);
  });
});

describe('French dates in Paris time', () => {
  it('writes the first of the month as « 1er » and midnight in Paris, not in UTC', () => {
    expect(squash(formatParisDate('2021-03-31T22:30:00Z'))).toBe('1er avril 2021');
    expect(squash(formatParisInstant('2021-03-31T22:30:00Z'))).toBe('1er avril 2021 à 00 h 30');
    expect(squash(formatParisInstant('2021-03-28T00:59:59Z'))).toBe('28 mars 2021 à 01 h 59');
    expect(squash(formatParisInstant('2021-03-28T01:00:00Z'))).toBe('28 mars 2021 à 03 h 00');
  });
});

describe('Marianne TTF files', () => {
  it('are exactly what the DSFR’s WOFF2 files convert to (run src/documents/fonts/convert.ts after a DSFR update)', async () => {
    for (const [face, name] of Object.entries(MARIANNE_FACES) as [keyof typeof MARIANNE_FACES, string][]) {
      const committed = await readFile(marianneTtf(face));
      expect(committed.subarray(0, 4)).toEqual(Buffer.from([0, 1, 0, 0])); // TrueType outlines
      const converted = await woff2ToTtf(await readFile(path.join(dsfrFontsDir(), `${name}.woff2`)));
      expect(converted.equals(committed), `${name}.ttf`).toBe(true);
    }
  });
});

/** The decompressed streams of a PDF written by pdfkit (Flate). */
function streams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      // not a Flate stream
    }
  }
  return out;
}
