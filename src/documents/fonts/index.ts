// The Marianne faces used in socle's PDFs, as TrueType files committed under assets/fonts/.
// pdfkit (fontkit) renders blank text or crashes on WOFF/WOFF2, so the DSFR's WOFF2 files were
// converted once to TTF by `npx tsx src/documents/fonts/convert.ts` (see assets/fonts/README.md).
import { fileURLToPath } from 'node:url';

export type MarianneFace = 'regular' | 'bold' | 'italic';

/** The DSFR file name (without extension) of each face, in node_modules/@gouvfr/dsfr/dist/fonts/. */
export const MARIANNE_FACES: Readonly<Record<MarianneFace, string>> = {
  regular: 'Marianne-Regular',
  bold: 'Marianne-Bold',
  italic: 'Marianne-Regular_Italic',
};

export const FONTS_DIR = fileURLToPath(new URL('../../../assets/fonts/', import.meta.url));

/** Absolute path of the committed TTF of a face. */
export function marianneTtf(face: MarianneFace): string {
  return `${FONTS_DIR}${MARIANNE_FACES[face]}.ttf`;
}
