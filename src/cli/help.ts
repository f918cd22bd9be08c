// `--help` in French: commander's layout with French titles and the program's own words.
import { Command, type Help } from 'commander';

function formatHelp(cmd: Command, helper: Help): string {
  const width = helper.padWidth(cmd, helper);
  const item = (term: string, desc: string) => (desc ? `  ${term.padEnd(width + 2)}${desc}` : `  ${term}`);
  const usage = helper.commandUsage(cmd).replace('[command]', '[commande]').replace('<command>', '<commande>');
  const out = [`Utilisation : ${usage}`, ''];
  const description = helper.commandDescription(cmd);
  if (description) out.push(description, '');
  const args = helper.visibleArguments(cmd).map((a) => item(helper.argumentTerm(a), helper.argumentDescription(a)));
  if (args.length) out.push('Arguments :', ...args, '');
  const opts = helper.visibleOptions(cmd).map((o) => item(helper.optionTerm(o), helper.optionDescription(o)));
  if (opts.length) out.push('Options :', ...opts, '');
  const cmds = helper.visibleCommands(cmd).map((c) => item(helper.subcommandTerm(c), helper.subcommandDescription(c)));
  if (cmds.length) out.push('Commandes :', ...cmds, '');
  return out.join('\n');
}

/** Applies French help and error texts to a command and, through inheritance, its sub-commands. */
export function frenchHelp(program: Command): Command {
  return program
    .configureHelp({ formatHelp })
    .helpOption('-h, --help', "afficher cette aide")
    .helpCommand('help [commande]', "afficher l'aide d'une commande")
    .configureOutput({
      outputError: (str, write) => write(str
        .replace(/^error: unknown command '(.*)'/m, "erreur : commande inconnue « $1 » (voir socle --help)")
        .replace(/^error: unknown option '(.*)'/m, "erreur : option inconnue « $1 »")
        .replace(/^error: missing required argument '(.*)'/m, "erreur : argument obligatoire manquant « $1 »")
        .replace(/^error: too many arguments.*/m, 'erreur : trop d’arguments')
        .replace(/^error: option '(.*)' argument missing/m, "erreur : l'option « $1 » attend une valeur")),
    });
}
