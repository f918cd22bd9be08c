// Markup in Preact's precompiled JSX form — `jsxTemplate`, what the `precompile` JSX transform emits,
// which preact-render-to-string serialises by concatenating strings instead of walking one element
// per tag: for long, markup-heavy pages (the committee's hundreds of rows, the queues) and for the
// layout's fixed parts.
// - `html`: a template literal. Escaping stays the default: every interpolated value goes through
//   Preact's `jsxEscape` (a VNode or an array of them is rendered as JSX would, a string or a number
//   is escaped); only the literal parts of the template are markup. Attribute values are always
//   written between double quotes (`"`, `&`, `<` are escaped).
// - `tableRow`: a row of cells, each escaped as a value of `html`.
// - `prerendered`: JSX that depends on nothing of the request, rendered (and escaped) once.
// The rest of a page stays JSX.
import { Fragment, type VNode } from 'preact';
import { jsx, jsxEscape } from 'preact/jsx-runtime';
import { renderToString } from 'preact-render-to-string';

/**
 * The node `jsxTemplate(tpl, ...exprs)` makes (preact-render-to-string reads its `tpl` and `exprs`),
 * without jsxTemplate's copy of its arguments: a queue page makes about three hundred of them.
 */
const template = (tpl: readonly string[], exprs: unknown[]): VNode => jsx(Fragment, { tpl, exprs } as never);

/** Escapes `values` in place, as the precompile transform does for each expression. */
function escaped(values: unknown[]): unknown[] {
  for (let i = 0; i < values.length; i++) values[i] = jsxEscape(values[i]);
  return values;
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): VNode {
  // The call site's strings array is the template (constant per call site, as the transform hoists it).
  return template(strings, escaped(values));
}

const rowTemplates: string[][] = [];

/** A table row of `cells`, each escaped as a value of `html`: one template per number of cells. */
export function tableRow(cells: unknown[]): VNode {
  const n = cells.length;
  const strings = (rowTemplates[n] ??= n === 0 ? ['<tr></tr>'] : ['<tr><td>', ...Array<string>(n - 1).fill('</td><td>'), '</td></tr>']);
  return template(strings, escaped(cells));
}

/**
 * `vnode` rendered once, at the start: a fixed part of every page (the layout's head, brand and
 * footer). Each call of the returned function gives a new node of that markup.
 */
export function prerendered(vnode: VNode): () => VNode {
  const markup = [renderToString(vnode)];
  return () => template(markup, []);
}
