// Reads a PDF back with pdfjs-dist (Mozilla's parser, independent of pdfkit which wrote it): text per
// page (with the marked-content scope of each piece of text), metadata, tagging, fonts.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface StructNode {
  role: string;
  children: StructNode[];
}

export interface TextPiece {
  text: string;
  /** Tag of the innermost marked content around it: 'Artifact', 'P', 'TD'…; null when untagged. */
  tag: string | null;
  /** True when that marked content is linked to the structure tree (it has an MCID). */
  tagged: boolean;
}

export interface ReadPdf {
  pages: { text: string; pieces: TextPiece[]; structure: StructNode | null; fonts: string[] }[];
  /** All pages' text, whitespace (no-break spaces included) collapsed to single spaces. */
  text: string;
  info: Record<string, unknown>;
  marked: boolean;
}

/** Collapses every run of whitespace (including U+00A0 and U+202F) to one space. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const { info } = await pdf.getMetadata();
    const markInfo = await pdf.getMarkInfo();
    const pages: ReadPdf['pages'] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent({ includeMarkedContent: true });
      const pieces: TextPiece[] = [];
      const scopes: { tag: string | null; tagged: boolean }[] = [];
      let text = '';
      for (const item of content.items) {
        if ('str' in item) {
          const scope = scopes.at(-1) ?? { tag: null, tagged: false };
          pieces.push({ text: item.str, ...scope });
          text += item.str + (item.hasEOL ? '\n' : '');
        } else if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') {
          // pdfjs gives the tag at run time; its types leave it out.
          const { tag } = item as { tag?: string };
          scopes.push({ tag: tag ?? null, tagged: item.id != null });
        } else if (item.type === 'endMarkedContent') {
          scopes.pop();
        }
      }
      const structure = (await page.getStructTree()) as unknown as StructNode | null;
      const operators = await page.getOperatorList();
      const fontIds = new Set<string>();
      operators.fnArray.forEach((fn, i) => {
        if (fn === OPS.setFont) fontIds.add(operators.argsArray[i][0] as string);
      });
      const fonts = [...fontIds].map((id) => (page.commonObjs.get(id) as { name: string }).name);
      pages.push({ text, pieces, structure, fonts });
    }
    return { pages, text: squash(pages.map((p) => p.text).join('\n')), info: info as Record<string, unknown>, marked: markInfo?.Marked === true };
  } finally {
    await pdf.destroy();
  }
}

/** Roles of a structure tree, depth first. */
export function roles(node: StructNode | null): string[] {
  if (!node) return [];
  return [node.role, ...(node.children ?? []).flatMap((child) => ('role' in child ? roles(child) : []))];
}
