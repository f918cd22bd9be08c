// A refusal of a command, for the person: a French message, attached to a form field when it
// concerns one. Routes show it next to the field (DSFR fr-error-text) or in an alert.
export class CommandError extends Error {
  constructor(message: string, readonly field?: string, readonly statusCode = 400) {
    super(message);
    this.name = 'CommandError';
  }
}
