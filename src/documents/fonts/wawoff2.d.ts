// wawoff2 ships no types: the two functions socle uses (WOFF2 ↔ TTF, both asynchronous).
declare module 'wawoff2' {
  export function decompress(woff2: Uint8Array): Promise<Uint8Array>;
  export function compress(ttf: Uint8Array): Promise<Uint8Array>;
}
