// The French texts of the platform's e-mails, plain text, each with the link to follow and what to
// do when the mail was not expected.
import type { OutgoingMail } from './mailer';

const SIGNATURE = '\n\n--\nSocle numérique – appel à projets « Socle numérique dans les écoles élémentaires »\nministère de l’Éducation nationale. Ce message est envoyé automatiquement : n’y répondez pas.';

export const MEMBER_ROLE_LABELS = { admin: 'administrateur', editor: 'rédacteur', reader: 'lecteur' } as const;

export function verifyEmailMail(to: string, name: string, link: string): OutgoingMail {
  return {
    to, subject: 'Confirmez votre adresse électronique',
    text: `Bonjour ${name},\n\nVous venez de créer un compte sur Socle numérique. Pour confirmer votre adresse électronique, ouvrez ce lien (valable 48 heures, utilisable une seule fois) :\n\n${link}\n\nSi vous n’avez pas créé de compte, ignorez ce message : sans confirmation, le compte ne peut pas être utilisé.${SIGNATURE}`,
  };
}

export function alreadyRegisteredMail(to: string, signInLink: string, resetLink: string): OutgoingMail {
  return {
    to, subject: 'Vous avez déjà un compte',
    text: `Bonjour,\n\nQuelqu’un (vous, peut-être) a demandé à créer un compte sur Socle numérique avec cette adresse, qui a déjà un compte.\n\nPour vous connecter : ${signInLink}\nSi vous avez oublié votre mot de passe : ${resetLink}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte n’a pas changé.${SIGNATURE}`,
  };
}

export function resetPasswordMail(to: string, link: string): OutgoingMail {
  return {
    to, subject: 'Choisir un nouveau mot de passe',
    text: `Bonjour,\n\nUne demande de nouveau mot de passe a été faite pour votre compte Socle numérique. Pour choisir un nouveau mot de passe, ouvrez ce lien (valable 1 heure, utilisable une seule fois) :\n\n${link}\n\nSi vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.${SIGNATURE}`,
  };
}

export function invitationMail(to: string, inviter: string, organisation: string, role: keyof typeof MEMBER_ROLE_LABELS, link: string): OutgoingMail {
  return {
    to, subject: `Invitation à rejoindre ${organisation} sur Socle numérique`,
    text: `Bonjour,\n\n${inviter} vous invite à rejoindre l’espace de ${organisation} sur Socle numérique, avec le rôle de ${MEMBER_ROLE_LABELS[role]}, pour préparer la candidature à l’appel à projets « Socle numérique dans les écoles élémentaires ».\n\nPour accepter, ouvrez ce lien (valable 7 jours, utilisable une seule fois) ; vous pourrez créer votre compte avec cette adresse ou vous connecter :\n\n${link}\n\nSi vous ne connaissez pas cette personne, ignorez ce message.${SIGNATURE}`,
  };
}

export function claimConfirmedMail(to: string, organisation: string, link: string): OutgoingMail {
  return {
    to, subject: `${organisation} : votre espace est confirmé`,
    text: `Bonjour,\n\nL’administration de la plateforme a confirmé que vous représentez ${organisation}. Vous pouvez désormais inviter vos collègues et préparer la candidature :\n\n${link}${SIGNATURE}`,
  };
}

export function claimRefusedMail(to: string, organisation: string): OutgoingMail {
  return {
    to, subject: `${organisation} : demande non confirmée`,
    text: `Bonjour,\n\nL’administration de la plateforme n’a pas pu confirmer que vous représentez ${organisation}. Si vous pensez qu’il s’agit d’une erreur, rapprochez-vous du secrétariat de votre collectivité, puis faites une nouvelle demande.${SIGNATURE}`,
  };
}
