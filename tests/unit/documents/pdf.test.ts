// The PDF builder on its own: what the decision letter and the convention will also rely on.
import { describe, expect, it } from 'vitest';
import { PdfBuilder } from '../../../src/documents/pdf';
import { readPdf, roles, squash } from './read-pdf';

describe('PdfBuilder', () => {
  it('writes a ministry and issuer of the caller’s choice, H3 headings and a bulleted list, all tagged', async () => {
    const pdf = await PdfBuilder.create({
      title: 'Convention de financement',
      ministry: 'Ministère de l’Éducation nationale et de la Jeunesse',
      issuer: ['Académie de Rennes'],
      footer: 'Convention · SNEE-2021-035-000123',
      createdAt: '2021-06-15T08:00:00Z',
    });
    pdf.title('Convention');
    pdf.heading('Obligations');
    pdf.heading('Du bénéficiaire', 3);
    pdf.list(['réaliser le projet décrit', [{ text: 'justifier', bold: true }, ' les dépenses avant le 31 décembre 2022']]);
    const read = await readPdf(await pdf.toBuffer());
    expect(read.info.Title).toBe('Convention de financement');
    expect(read.info.Author).toBe('Ministère de l’Éducation nationale et de la Jeunesse');
    expect(read.text).toContain('RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité Ministère de l’Éducation nationale et de la Jeunesse Académie de Rennes');
    expect(read.text).toContain('• réaliser le projet décrit • justifier les dépenses avant le 31 décembre 2022');
    expect(read.text).toContain('Convention · SNEE-2021-035-000123 Page 1 sur 1');
    const tree = roles(read.pages[0].structure);
    expect(tree).toEqual(expect.arrayContaining(['H1', 'H2', 'H3', 'L', 'LI', 'Lbl', 'LBody']));
    expect(tree.filter((r) => r === 'LI')).toHaveLength(2);
  });

  it('lets a long paragraph flow onto the next page, still tagged as one paragraph', async () => {
    const pdf = await PdfBuilder.create({ title: 'Essai', createdAt: new Date('2021-06-15T08:00:00Z') });
    const sentence = 'Les dépenses sont justifiées par des factures acquittées. ';
    const words = Array.from({ length: 140 }, (_, i) => `${sentence.trim()} (${i + 1})`).join(' ');
    pdf.paragraph(words);
    const read = await readPdf(await pdf.toBuffer());
    expect(read.pages.length).toBeGreaterThanOrEqual(2);
    expect(read.text).toContain('factures acquittées. (1) Les');
    expect(read.text).toContain('factures acquittées. (140)');
    for (const page of read.pages) {
      const untagged = page.pieces.filter((p) => p.text.trim() !== '' && !p.tagged && p.tag !== 'Artifact');
      expect(untagged).toEqual([]);
    }
    // Page 2 starts inside the paragraph begun on page 1: its content belongs to that P.
    expect(roles(read.pages[1].structure)).toEqual(['Root', 'Document', 'P']);
    expect(squash(read.pages[1].text)).toMatch(/Page 2 sur \d+$/);
  });
});
