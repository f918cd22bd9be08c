// Long pages of the académie's journey (the committee's candidates: hundreds of rows; the queues).
// `html`: a repeated row written in Preact's precompiled JSX form — `jsxTemplate`, what the
// `precompile` JSX transform emits, which preact-render-to-string serialises by concatenating strings
// instead of walking one element per tag: about three times faster for the same markup. Escaping
// stays the default: every interpolated value goes through Preact's `jsxEscape` (a VNode or an array
// of them is rendered as JSX would, a string or a number is escaped); only the literal parts of the
// template are markup. Attribute values are always written between double quotes (`"`, `&`, `<` are
// escaped). For the rows of a long list only; the rest of a page stays JSX.
import type { VNode } from 'preact';
import { jsxEscape, jsxTemplate } from 'preact/jsx-runtime';

export function html(strings: TemplateStringsArray, ...values: unknown[]): VNode {
  // The call site's strings array is the template (constant per call site, as the transform hoists it).
  return jsxTemplate(strings as readonly string[] as string[], ...values.map((v) => jsxEscape(v)));
}
