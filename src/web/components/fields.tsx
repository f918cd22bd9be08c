// DSFR form fields with their label, hint and error message (fr-input-group, fr-error-text), and
// the summary of a form's errors (fr-alert) with links to the fields, so that a person without
// JavaScript or with a screen reader finds each problem and what to do.
import type { ComponentChildren } from 'preact';

export type FieldErrors = Record<string, string | undefined>;

export function Field(props: {
  name: string; label: string; hint?: ComponentChildren; value?: string; error?: string;
  type?: 'text' | 'email' | 'password' | 'search'; autocomplete?: string; required?: boolean; maxLength?: number;
  inputMode?: 'numeric' | 'text' | 'email'; spellcheck?: boolean;
}) {
  const id = `champ-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.label}
        {props.hint && <span class="fr-hint-text" id={`${id}-hint`}>{props.hint}</span>}
      </label>
      <input
        class={`fr-input${props.error ? ' fr-input--error' : ''}`} id={id} name={props.name} type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value} autocomplete={props.autocomplete}
        required={props.required} maxLength={props.maxLength} inputMode={props.inputMode} spellcheck={props.spellcheck}
        aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}
      />
      {props.error && <p class="fr-error-text" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

export function TextArea(props: {
  name: string; label: ComponentChildren; hint?: ComponentChildren; value?: string; error?: string; maxLength?: number;
  autocomplete?: string; rows?: number; id?: string;
}) {
  const id = props.id ?? `champ-${props.name}`;
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-input-group${props.error ? ' fr-input-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.label}
        {props.hint && <span class="fr-hint-text" id={`${id}-hint`}>{props.hint}</span>}
      </label>
      <textarea class={`fr-input${props.error ? ' fr-input--error' : ''}`} id={id} name={props.name} rows={props.rows ?? 3} maxLength={props.maxLength}
        autocomplete={props.autocomplete} aria-describedby={describedBy} aria-invalid={props.error ? 'true' : undefined}>{props.value ?? ''}</textarea>
      {props.error && <p class="fr-error-text" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

export function Select(props: {
  name: string; label: string; options: Array<[string, string]>; value?: string; error?: string; idSuffix?: string; hint?: string;
  /** A first, empty choice that cannot be picked again (« Choisissez… »). */
  placeholder?: string;
}) {
  const id = `champ-${props.name}${props.idSuffix ? `-${props.idSuffix}` : ''}`;
  const describedBy = [props.hint ? `${id}-hint` : null, props.error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`fr-select-group${props.error ? ' fr-select-group--error' : ''}`}>
      <label class="fr-label" for={id}>
        {props.label}
        {props.hint && <span class="fr-hint-text" id={`${id}-hint`}>{props.hint}</span>}
      </label>
      <select class={`fr-select${props.error ? ' fr-select--error' : ''}`} id={id} name={props.name} aria-describedby={describedBy}>
        {props.placeholder && <option value="" selected={!props.value} disabled hidden>{props.placeholder}</option>}
        {props.options.map(([v, label]) => <option key={v} value={v} selected={props.value === v}>{label}</option>)}
      </select>
      {props.error && <p class="fr-error-text" id={`${id}-error`}>{props.error}</p>}
    </div>
  );
}

/** The alert at the top of a form that was refused: one link per field in error. */
export function ErrorSummary({ errors, labels }: { errors: FieldErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors).filter(([, m]) => m);
  if (entries.length === 0) return null;
  return (
    <div class="fr-alert fr-alert--error fr-mb-4w" role="alert">
      <h2 class="fr-alert__title">{entries.length === 1 ? 'Le formulaire contient une erreur' : `Le formulaire contient ${entries.length} erreurs`}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>{labels[field] ? <a href={`#champ-${field}`}>{labels[field]}</a> : null}{labels[field] ? ' : ' : ''}{message}</li>
        ))}
      </ul>
    </div>
  );
}
