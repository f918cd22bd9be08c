// Text folding for search: accents and case ignored, punctuation as spaces.

export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Words of a search query, folded; duplicates removed. */
export function searchTerms(query: string): string[] {
  return [...new Set(foldText(query).split(' ').filter((w) => w.length > 0))].slice(0, 8);
}
