// The `html` form of markup (src/web/components/html.ts) must write what the same JSX writes, escape
// every value, and leave JSX values to the renderer.
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { html, prerendered, tableRow } from '../../src/web/components/html';

const HOSTILE = `"><script>alert('x')</script>&amp;`;

describe('html', () => {
  it('writes what the same JSX writes, values escaped in text and attributes', () => {
    const viaTemplate = renderToString(html`<a class="fr-link" href="/ecoles?q=${HOSTILE}">${HOSTILE}</a>`);
    const viaJsx = renderToString(h('a', { class: 'fr-link', href: `/ecoles?q=${HOSTILE}` }, HOSTILE));
    expect(viaTemplate).toBe(viaJsx);
    expect(viaTemplate).not.toContain('<script>');
  });

  it('writes nothing for null, undefined and booleans, numbers as text, arrays in order', () => {
    expect(renderToString(html`<p>${null}${undefined}${false}${true}${0}${[1, 'a<b', [2]]}</p>`)).toBe('<p>01a&lt;b2</p>');
  });

  it('writes any other object as its escaped text, as Preact’s jsxEscape does', () => {
    const odd = { toString: () => '<b>' };
    expect(renderToString(html`<p>${odd}</p>`)).toBe('<p>&lt;b></p>');
    expect(renderToString(html`<p>${new Date(0).toISOString()}</p>`)).toBe('<p>1970-01-01T00:00:00.000Z</p>');
  });

  it('inlines nested templates without escaping their markup twice', () => {
    const item = (label: string, current: boolean) => html`<li${current ? html` aria-current="page"` : null}>${label}</li>`;
    expect(renderToString(html`<ul>${['A & B', 'C'].map((l, i) => item(l, i === 1))}</ul>`))
      .toBe('<ul><li>A &amp; B</li><li aria-current="page">C</li></ul>');
  });

  it('renders JSX values as JSX, escaping included', () => {
    expect(renderToString(html`<div>${h('b', { title: HOSTILE }, 'gras')} et ${HOSTILE}</div>`))
      .toBe(renderToString(h('div', null, h('b', { title: HOSTILE }, 'gras'), ' et ', HOSTILE)));
  });

  it('writes a table row of escaped cells', () => {
    expect(renderToString(tableRow(['a<b', 3, html`<a href="/x">lien</a>`, null]))).toBe('<tr><td>a&lt;b</td><td>3</td><td><a href="/x">lien</a></td><td></td></tr>');
    expect(renderToString(tableRow([]))).toBe('<tr></tr>');
  });

  it('renders fixed JSX once, the same markup for every page', () => {
    const footer = prerendered(h('footer', { id: 'footer' }, h('a', { href: '/donnees', title: HOSTILE }, 'Données')) as VNode);
    const expected = renderToString(h('footer', { id: 'footer' }, h('a', { href: '/donnees', title: HOSTILE }, 'Données')));
    expect(renderToString(h('body', null, footer(), footer()))).toBe(`<body>${expected}${expected}</body>`);
    expect(footer()).not.toBe(footer());
  });
});
