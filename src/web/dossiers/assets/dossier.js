// Enhancement of the dossier pages (served as a file: the CSP allows no inline script). Without it
// every form works with its save button; with it:
// - forms marked data-autosave save themselves a moment after the person stops typing: the same
//   POST as the button (CSRF token and revision included), asking for JSON; the new revision is put
//   in every form of the page and the amounts box (figures and explanation) is updated;
// - a form creating an item (data-autosave-id names its hidden id field, absent while the item is
//   new) saves only once the fields of data-autosave-complete are all filled; the answer's id is
//   then put in the form, so that the next saves (and the button) change that item, not a new one;
// - pressing the button while an automatic save is on its way waits for it, then sends the form;
// - the budget line form shows the line's amount as it is typed (integer cents, no float).
/* global document, fetch, URLSearchParams, FormData */
const DELAY_MS = 1500;
const EUROS = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });

/** « 1 234,56 € » → 123456 cents; null when the text is not an amount (same rules as the server). */
function parseEuros(text) {
  let t = text.replace(/[\s\u00a0\u202f]/g, '').replace(/(€|EUR|euros?)$/i, '');
  if (t.includes(',') && t.includes('.')) {
    if (!/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(t)) return null;
    t = t.replace(/\./g, '');
  }
  const m = /^(\d{1,11})(?:[.,](\d{1,2}))?$/.exec(t);
  if (m === null) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

function formatCents(cents) {
  const whole = Math.floor(cents / 100);
  return EUROS.format(`${whole}.${String(cents % 100).padStart(2, '0')}`);
}

function setRevision(revision) {
  for (const input of document.querySelectorAll('input[name="revision"]')) input.value = String(revision);
}

function updateAmounts(data) {
  for (const [key, text] of Object.entries({ ...data.amounts, ...data.line })) {
    for (const el of document.querySelectorAll(`[data-montant="${key}"]`)) el.textContent = text;
  }
  const explanation = document.querySelector('[data-explication]');
  if (explanation && Array.isArray(data.explanation)) {
    explanation.replaceChildren(...data.explanation.map((group) => {
      const div = document.createElement('div');
      const title = document.createElement('h3');
      title.className = 'fr-h6 fr-mt-2w fr-mb-1w';
      title.textContent = group.title;
      const list = document.createElement('ul');
      list.className = 'fr-text--sm';
      for (const step of group.steps) {
        const item = document.createElement('li');
        item.textContent = step;
        list.append(item);
      }
      div.append(title, list);
      return div;
    }));
  }
  const state = document.querySelector('[data-montants-etat]');
  if (state) state.textContent = `Montants recalculés après l’enregistrement automatique (version ${data.revision} du dossier).`;
}

function autosave(form) {
  const status = form.querySelector('[data-autosave-status]');
  const idName = form.dataset.autosaveId;
  const required = (form.dataset.autosaveComplete ?? '').split(' ').filter(Boolean);
  let timer = null;
  let running = false;
  let again = false;
  let submitAfter = false;
  const say = (text) => { if (status) status.textContent = text; };
  const isNew = () => idName !== undefined && !form.querySelector(`input[name="${idName}"]`);
  const complete = () => required.every((name) => {
    const field = form.elements.namedItem(name);
    return field !== null && typeof field.value === 'string' && field.value.trim() !== '';
  });
  const adopt = (id) => {
    if (!idName || !id || !isNew()) return;
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = idName;
    input.value = id;
    form.prepend(input);
  };
  const save = async () => {
    if (running) { again = true; return; }
    if (isNew() && !complete()) return;
    running = true;
    say('Enregistrement en cours…');
    try {
      const res = await fetch(form.action, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-socle-autosave': '1', accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
      });
      const data = await res.json().catch(() => null);
      if (res.ok && data?.ok) {
        setRevision(data.revision);
        adopt(data.id);
        for (const el of form.querySelectorAll('[data-autosave-saved-label]')) el.textContent = el.dataset.autosaveSavedLabel;
        updateAmounts(data);
        const at = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' }).format(new Date());
        say(`Brouillon enregistré automatiquement à ${at}.${data.voided?.length ? ` ${data.voided.join(' ')}` : ''}`);
      } else if (res.status === 409 && data) {
        say(`Non enregistré : ${data.message} Utilisez le bouton d’enregistrement pour voir ce qui a changé.`);
      } else if (data) {
        say(`Non enregistré : ${data.message} Corrigez puis utilisez le bouton d’enregistrement.`);
      } else {
        say('Non enregistré automatiquement : utilisez le bouton d’enregistrement.');
      }
    } catch {
      say('Non enregistré automatiquement (connexion interrompue) : utilisez le bouton d’enregistrement.');
    } finally {
      running = false;
      if (submitAfter) { submitAfter = false; again = false; form.submit(); }
      else if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(save, DELAY_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', (event) => {
    if (timer) clearTimeout(timer);
    // The form is sent once the save on its way has answered: with its new revision, and the id of the item it created.
    if (running) { event.preventDefault(); submitAfter = true; }
  });
}

function liveTotal(form) {
  const out = form.querySelector('[data-line-total]');
  const quantity = form.querySelector('[name="quantite"]');
  const ht = form.querySelector('[name="prixUnitaireHT"]');
  const ttc = form.querySelector('[name="prixUnitaireTTC"]');
  if (!out || !quantity || !ht || !ttc) return;
  const update = () => {
    const q = /^\d{1,6}$/.test(quantity.value.trim()) ? Number(quantity.value.trim()) : null;
    const a = parseEuros(ht.value);
    const b = parseEuros(ttc.value);
    if (q === null || a === null || b === null) { out.textContent = ''; return; }
    out.textContent = `Montant de la ligne : ${formatCents(q * a)} HT, ${formatCents(q * b)} TTC.`;
  };
  form.addEventListener('input', update);
  update();
}

for (const form of document.querySelectorAll('form[data-autosave]')) autosave(form);
for (const form of document.querySelectorAll('form[data-live-total]')) liveTotal(form);
