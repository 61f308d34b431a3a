// Texts about phase files as CloudFormation stacks: loader warnings, the pending-deploy section, stack
// discovery. pt and en; a key missing from one language is a compile error.
import type { Lang } from './index.js';

export interface StackMessages {
  /** Header of the phase-file warnings printed before a report (stderr). */
  warningsHeader: (count: number) => string;
  /** Title of the report section listing Git changes not yet deployed. */
  pendingTitle: string;
  pendingIntro: string;
  /** One pending change: resource, property, Git value, deployed value. */
  pendingLine: (subject: string, path: string, git: string, deployed: string) => string;
  /** The summary line when there are pending deploys. */
  pendingSummary: (count: number) => string;
  /** SARIF note text for a pending deploy. */
  pendingNote: (subject: string, path: string, stack: string) => string;
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

export const stacksEn: StackMessages = {
  warningsHeader: (n) => `ialctl: ${plural(n, 'warning', 'warnings')} in the phase files (the rest is checked):`,
  pendingTitle: 'Pending deploy',
  pendingIntro: 'Git differs from what is deployed, and AWS still matches the deployed template: deploy the stack to apply. Not drift, never healed.',
  pendingLine: (subject, path, git, deployed) => `${subject} ${path}: Git ${git}, deployed ${deployed}`,
  pendingSummary: (n) => `${plural(n, 'Git change', 'Git changes')} not yet deployed`,
  pendingNote: (subject, path, stack) => `${subject} ${path} changed in Git but not deployed to stack ${stack}`,
};

export const stacksPt: StackMessages = {
  warningsHeader: (n) => `ialctl: ${plural(n, 'aviso', 'avisos')} nos arquivos de fase (o restante é verificado):`,
  pendingTitle: 'Deploy pendente',
  pendingIntro: 'O Git difere do que está implantado, e a AWS ainda corresponde ao template implantado: faça o deploy da stack para aplicar. Não é drift, nunca é corrigido.',
  pendingLine: (subject, path, git, deployed) => `${subject} ${path}: Git ${git}, implantado ${deployed}`,
  pendingSummary: (n) => `${plural(n, 'mudança no Git', 'mudanças no Git')} ainda não implantada${n === 1 ? '' : 's'}`,
  pendingNote: (subject, path, stack) => `${subject} ${path} mudou no Git mas não foi implantado na stack ${stack}`,
};

export function stackMessages(lang: Lang): StackMessages {
  return lang === 'pt' ? stacksPt : stacksEn;
}
