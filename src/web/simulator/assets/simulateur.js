// Progressive enhancement of /simulateur (the page works without it):
//  - suggestions of communes and EPCI while typing (GET /api/v1/territoires, into the <datalist>);
//  - live update: on input, the form is read with the server's own parser (form.js) and the
//    simulation recomputed by POST /api/v1/simulations; totals, schools, findings and explanation
//    are updated in place, and the page's URL and share link follow the form;
//  - « Copier le lien » and « Imprimer ».
/* global document, window, fetch, history, navigator, location, URLSearchParams, FormData, AbortController */
import { readRows, FIELDS } from './form.js';

const CALL = 'snee-2021';
const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** Integer cents to « 2 450,00 € », from the decimal text (never through a float). */
function euros(cents) {
  if (cents === null || cents === undefined) return '—';
  const abs = Math.abs(cents);
  const text = `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return EUROS.format(text);
}

const get = (object, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), object);

function debounce(fn, ms) {
  let timer;
  return (...args) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => fn(...args), ms);
  };
}

// ---------- Suggestions ----------
function enhanceSearch() {
  const input = document.getElementById('territoire');
  const list = document.getElementById('territoire-suggestions');
  if (!input || !list) return;
  let controller;
  input.addEventListener('input', debounce(async () => {
    const q = input.value.trim();
    if (q.length < 2 || /\)\s*$/.test(q)) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const res = await fetch(`/api/v1/territoires?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const { results } = await res.json();
      list.replaceChildren(...results.map((r) => {
        const option = document.createElement('option');
        option.value = r.label;
        option.textContent = r.detail;
        return option;
      }));
    } catch { /* aborted or offline: the form still works */ }
  }, 200));
}

// ---------- Live update ----------
function rowsOf(form) {
  return [...form.querySelectorAll('fieldset[data-row]')].map((fieldset) => {
    const value = (field) => fieldset.querySelector(`[data-field="${field}"]`).value;
    return {
      fieldset,
      uai: fieldset.dataset.uai,
      name: fieldset.dataset.name,
      commune: fieldset.dataset.commune || null,
      classes: value('classes'),
      pupils: value('pupils'),
      equipment: value('equipment'),
      services: value('services'),
    };
  });
}

function showFieldErrors(rows, errors) {
  for (const [index, row] of rows.entries()) {
    for (const field of Object.keys(FIELDS)) {
      const input = row.fieldset.querySelector(`[data-field="${field}"]`);
      const message = errors.find((e) => e.row === index && e.field === field)?.message;
      const group = input.closest('.fr-input-group');
      const text = document.getElementById(`${input.id}-erreur`);
      group.classList.toggle('fr-input-group--error', Boolean(message));
      input.classList.toggle('fr-input--error', Boolean(message));
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', text.id);
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      }
      text.textContent = message ?? '';
      text.hidden = !message;
    }
  }
}

function alertOf(finding) {
  const blocking = finding.severity === 'blocking';
  const div = document.createElement('div');
  div.className = `fr-alert fr-alert--${blocking ? 'error' : 'warning'} fr-alert--sm fr-mb-2w`;
  div.dataset.code = finding.code;
  const p = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = blocking ? 'Bloquant' : 'Attention';
  p.append(strong, ` : ${finding.message}`);
  div.append(p);
  return div;
}

const SECTIONS = {
  'Équipement (volet 1)': ['school-minimum', 'equipment-class-cap', 'equipment-base', 'equipment-tiers'],
  'Services et ressources numériques (volet 2)': ['services-pupil-cap', 'services-rate'],
  Total: ['grant-total'],
};

function showResult(result, simulatedRows, skipped) {
  const section = document.getElementById('resultat');
  section.hidden = false;
  for (const el of section.querySelectorAll('[data-value]')) el.textContent = euros(get(result, el.dataset.value));
  const byRow = new Map(simulatedRows.map((row, i) => [row, result.schools[i]]));
  for (const tr of section.querySelectorAll('tr[data-row]')) {
    const school = byRow.get(Number(tr.dataset.row));
    tr.hidden = !school;
    for (const td of tr.querySelectorAll('[data-cell]')) {
      if (!school) continue;
      td.textContent = td.dataset.cell === 'eligible' ? (school.eligible ? 'Oui' : 'Non (sous le minimum)') : euros(get(school, td.dataset.cell));
    }
  }
  const findings = document.getElementById('constats');
  const blocking = result.findings.filter((f) => f.severity === 'blocking').length;
  const nodes = [];
  if (result.findings.length === 0) {
    const ok = document.createElement('div');
    ok.className = 'fr-alert fr-alert--success fr-alert--sm fr-mb-2w';
    const p = document.createElement('p');
    p.textContent = 'Aucun constat : le projet respecte les règles de l’appel.';
    ok.append(p);
    nodes.push(ok);
  }
  if (blocking > 0) {
    const p = document.createElement('p');
    p.className = 'fr-text--bold';
    p.textContent = `${blocking} ${blocking < 2 ? 'constat bloquant' : 'constats bloquants'} : un dossier dans cet état ne pourrait pas être déposé.`;
    nodes.push(p);
  }
  findings.replaceChildren(...nodes, ...result.findings.map(alertOf));
  for (const block of document.querySelectorAll('#pourquoi [data-section]')) {
    const rules = SECTIONS[block.dataset.section] ?? [];
    block.querySelector('ul').replaceChildren(...result.explanation.filter((e) => rules.includes(e.rule)).map((e) => {
      const li = document.createElement('li');
      li.textContent = e.text;
      return li;
    }));
  }
  const note = document.getElementById('ecoles-sans-montant');
  if (note) note.hidden = skipped.length === 0;
  document.getElementById('simulateur-consigne')?.remove();
}

function shareQuery(form) {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (key === 'ajout') continue;
    params.append(key, String(value).trim());
  }
  return params.toString();
}

function followUrl(form) {
  const query = shareQuery(form);
  const path = `${location.pathname}${query ? `?${query}` : ''}`;
  history.replaceState(null, '', path);
  const link = document.getElementById('lien');
  if (link) link.value = `${location.origin}${path}`;
  const open = document.getElementById('lien-ouvrir');
  if (open) open.href = path;
}

function enhanceForm() {
  const form = document.getElementById('simulateur-saisie');
  if (!form || !document.getElementById('resultat')) return;
  let controller;
  const recompute = debounce(async () => {
    const rows = rowsOf(form);
    const read = readRows(rows);
    showFieldErrors(rows, read.errors);
    followUrl(form);
    if (read.errors.length > 0 || read.schools.length === 0) return;
    controller?.abort();
    controller = new AbortController();
    const input = { call: CALL, schools: read.schools.map(({ row: _row, ...school }) => school) };
    try {
      const res = await fetch('/api/v1/simulations', {
        method: 'POST', signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(input),
      });
      if (!res.ok) return; // the submit button still gives the server's full answer
      showResult(await res.json(), read.schools.map((s) => s.row), read.skipped);
    } catch { /* aborted or offline */ }
  }, 300);
  form.addEventListener('input', (event) => {
    if (event.target instanceof window.HTMLInputElement && event.target.name !== 'ajout') recompute();
  });
}

// ---------- Copy and print ----------
function enhanceShare() {
  const copy = document.getElementById('copier-lien');
  const print = document.getElementById('imprimer');
  const status = document.getElementById('lien-copie');
  const link = document.getElementById('lien');
  if (copy && link && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(link.value);
        status.textContent = 'Lien copié dans le presse-papiers.';
      } catch {
        link.select();
        status.textContent = 'Copie impossible : le lien est sélectionné, copiez-le avec Ctrl+C.';
      }
    });
  }
  if (print) {
    print.hidden = false;
    print.addEventListener('click', () => window.print());
  }
}

enhanceSearch();
enhanceForm();
enhanceShare();
