// Who co-signs the pedagogical project for a school (issue 4, « construction conjointe »).

export const SIGNER_ROLES = ['director', 'ien', 'erun'] as const;
export type SignerRole = (typeof SIGNER_ROLES)[number];

/** Default of a call: the director of each school co-signs. */
export const DEFAULT_REQUIRED_SIGNER_ROLES: readonly SignerRole[] = ['director'];

export const SIGNER_ROLE_LABELS: Readonly<Record<SignerRole, string>> = {
  director: "directeur ou directrice d'école",
  ien: "inspecteur ou inspectrice de l'Éducation nationale (IEN)",
  erun: 'enseignant référent pour les usages du numérique (ERUN)',
};

/** A co-signature of the project, given by a member of a school's team for that school. */
export interface CoSignature {
  /** UAI of the school the signer signs for. */
  readonly uai: string;
  readonly role: SignerRole;
  /** Id of the person (user id); opaque to the domain. */
  readonly signer: string;
  /** Display name of the signer, for messages. */
  readonly signerName?: string;
  /** UTC ISO instant. */
  readonly signedAt: string;
}
