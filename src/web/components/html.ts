// Markup in Preact's precompiled JSX form — `jsxTemplate`, what the `precompile` JSX transform emits,
// which preact-render-to-string serialises by concatenating strings instead of walking one element
// per tag: for long, markup-heavy pages (the committee's hundreds of rows, the queues) and for the
// layout's fixed parts. The rest of a page stays JSX.
// - `html`: a template literal. Escaping stays the default: every interpolated value is escaped as
//   Preact's `jsxEscape` does (a string or a number is escaped; a VNode or an array of them is
//   rendered as JSX would); only the literal parts of the template are markup. Attribute values are
//   always written between double quotes (`"`, `&`, `<` are escaped). When every value is text or
//   another such template, the markup is joined at once into a single piece of text, which the
//   renderer copies as it is.
// - `tableRow`: a row of cells, each escaped as a value of `html`.
// - `prerendered`: JSX that depends on nothing of the request, rendered (and escaped) once.
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

/** A template whose markup is already complete: one literal part, nothing to render. */
const flat = (markup: string): VNode => template([markup], []);

/**
 * The markup of a value as `html` writes it, when it is known without rendering: text escaped,
 * nothing for null, undefined and booleans, a complete template's markup, arrays of those; and
 * undefined for anything else (JSX, which the renderer walks).
 */
function markupOf(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    let out = '';
    for (const v of value) {
      const m = markupOf(v);
      if (m === undefined) return undefined;
      out += m;
    }
    return out;
  }
  // Anything but a VNode (whose `constructor` is undefined) is what jsxEscape makes of it: text, or nothing.
  if (value === null || typeof value !== 'object' || value.constructor !== undefined) return (jsxEscape(value) ?? '') as string;
  const { type, props } = value as VNode<{ tpl?: readonly string[]; exprs?: unknown[] }>;
  return type === Fragment && props.tpl?.length === 1 && props.exprs?.length === 0 ? props.tpl[0] : undefined;
}

/**
 * Joins the literal parts and the values' markup into one complete template when every value's
 * markup is known (text, other such templates): no node to walk per value, and one piece of text
 * for the whole; else the values are left to the renderer.
 */
function joined(strings: readonly string[], values: unknown[]): VNode {
  const parts: string[] = new Array(strings.length + values.length);
  parts[0] = strings[0];
  for (let i = 0; i < values.length; i++) {
    const m = markupOf(values[i]);
    if (m === undefined) return template(strings, escaped(values));
    parts[2 * i + 1] = m;
    parts[2 * i + 2] = strings[i + 1];
  }
  return flat(parts.join(''));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): VNode {
  // The call site's strings array is the template (constant per call site, as the transform hoists it).
  return joined(strings, values);
}

const rowTemplates: string[][] = [];

/** A table row of `cells`, each escaped as a value of `html`: one template per number of cells. */
export function tableRow(cells: unknown[]): VNode {
  const n = cells.length;
  const strings = (rowTemplates[n] ??= n === 0 ? ['<tr></tr>'] : ['<tr><td>', ...Array<string>(n - 1).fill('</td><td>'), '</td></tr>']);
  return joined(strings, cells);
}

/**
 * `vnode` rendered once, at the start: a fixed part of every page (the layout's head, brand and
 * footer). Each call of the returned function gives a new node of that markup.
 */
export function prerendered(vnode: VNode): () => VNode {
  const markup = renderToString(vnode);
  return () => flat(markup);
}
