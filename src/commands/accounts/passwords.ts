// Password rules (stated to the person in French, as the CNIL recommends for a password alone:
// at least 12 characters mixing upper case, lower case, digits and special characters) and hashing
// with argon2id.
import { hash, verify } from '@node-rs/argon2';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export const PASSWORD_RULES = `Au moins ${PASSWORD_MIN} caractères, dont au moins une majuscule, une minuscule, un chiffre et un caractère spécial (par exemple ! ? - _ @ #).`;

/** The French message saying what the password lacks, or null when it follows the rules. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length === 0) return 'Saisissez un mot de passe.';
  if (password.length < PASSWORD_MIN) return `Le mot de passe doit compter au moins ${PASSWORD_MIN} caractères (il en compte ${password.length}).`;
  if (password.length > PASSWORD_MAX) return `Le mot de passe doit compter au plus ${PASSWORD_MAX} caractères.`;
  const missing = [
    [/[A-Z]/.test(password), 'une majuscule'],
    [/[a-z]/.test(password), 'une minuscule'],
    [/\d/.test(password), 'un chiffre'],
    [/[^A-Za-z0-9]/.test(password), 'un caractère spécial'],
  ].filter(([ok]) => !ok).map(([, label]) => label as string);
  if (missing.length) return `Le mot de passe doit contenir au moins ${missing.join(', ').replace(/, ([^,]*)$/, ' et $1')}.`;
  if (email && password.toLowerCase().includes(email.split('@')[0].toLowerCase()) && email.split('@')[0].length >= 4) {
    return 'Le mot de passe ne doit pas contenir votre adresse électronique.';
  }
  return null;
}

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: 2 /* argon2id */ });

/** A hash of a random password, to spend the same time when the account does not exist. */
let dummy: Promise<string> | undefined;
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummy ??= hashPassword('socle-dummy-password-Aa1!');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
