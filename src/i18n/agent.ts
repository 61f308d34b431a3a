// The assistant's sentences, pt and en. Every value passed in is already sanitized and formatted by
// the caller (src/agent/offline/render.ts); these functions only choose words and word order.
import type { Lang } from './index.js';

export interface SeverityCounts {
  critical: number;
  high: number;
  medium: number;
  low: number;
}

export interface AgentMessages {
  /** "2 critical, 1 high" — only the non-zero severities, most severe first. */
  severityCounts: (counts: SeverityCounts) => string;
  checkFound: (drifted: number, resources: number, counts: string) => string;
  checkInSync: (resources: number) => string;
  checkIncomplete: (errors: number, types: string) => string;
  /** No drift found, but declared resources were not compared: never "in sync". */
  checkNotCompared: (checked: number, declared: number, reasons: string) => string;
  topItems: string;
  moreItems: (n: number) => string;
  /** The two ways out after a check that found drift: reverse sync first, revert second. */
  offerWaysOut: string;
  offerHint: string;

  detailTitle: (label: string, type: string, where: string) => string;
  notInGit: string;
  differenceChanged: (path: string, expected: string, actual: string) => string;
  differenceAdded: (path: string, actual: string) => string;
  differenceRemoved: (path: string, expected: string) => string;
  missingResource: string;
  extraResource: string;
  resourceNotFound: (name: string) => string;
  resourceInSync: (name: string) => string;
  resourceUnknown: (name: string) => string;
  didYouMean: (names: string) => string;
  resourceNotChecked: (name: string, reason: string) => string;
  whichResource: string;

  criticalNone: string;
  criticalNoneWorst: (severity: string, label: string) => string;
  criticalFound: (counts: string) => string;

  explainTitle: (label: string) => string;
  explainWhat: string;
  explainWhy: (severity: string, reasons: string) => string;
  explainAutoHealYes: string;
  explainAutoHealNo: (reason: string) => string;
  explainSyncConfig: (where: string) => string;
  explainSyncMissing: (where: string) => string;
  explainSyncExtra: string;
  explainHealConfig: string;
  explainHealNotPossible: string;
  explainNothing: string;

  historyUnavailable: (name: string) => string;
  historyNoResource: string;
  historyNone: (name: string) => string;
  historyFirstSeen: (name: string, at: string) => string;
  historyResolvedOnly: (name: string) => string;
  historyLine: (from: string, to: string, severity: string, kind: string, resolved: string) => string;
  historyResolved: (at: string, how: string) => string;
  historyOpen: string;
  currentlyDrifted: (name: string, summary: string) => string;
  currentlyInSync: (name: string) => string;

  healPlanTitle: (planId: string, actions: number) => string;
  healActionLine: (label: string, operation: string, changes: string) => string;
  healSkippedCount: (n: number) => string;
  syncPlanTitle: (planId: string, files: number) => string;
  syncFileLine: (path: string, changes: number) => string;
  syncUnresolvedCount: (n: number) => string;
  needsConfirmation: string;
  declined: string;
  planChanged: string;
  nothingToHeal: string;
  nothingToSync: string;
  healDone: (healed: number, failed: number) => string;
  healResultLine: (itemId: string, status: string, error: string) => string;
  healStatus: Record<'healed' | 'failed' | 'verify_failed', string>;
  syncDone: (branch: string, commit: string) => string;
  syncPullRequest: (url: string) => string;
  syncNoPullRequest: string;
  syncRepository: (dir: string) => string;
  /** The next step after a sync that opened no pull request, by why none was opened. */
  syncNext: (why: 'no-token' | 'not-github' | 'no-origin' | 'disabled', context: { branch: string; repository: string | null; pushed: boolean; url?: string }) => string;
  problem: (text: string) => string;
  toolFailed: (message: string) => string;

  nothingPending: string;
  cancelled: string;
  noChoiceOffered: string;
  help: string;
  notUnderstood: string;

  interactiveUnavailable: string;
  lineModeConfirmHint: string;
  /** Under --yes, a plan the user's message did not ask for was not run. */
  yesNotRequested: (tool: string, planId: string) => string;
  /** --approve named a plan the conversation did not lead to. */
  approveMismatch: (approved: string, planId: string) => string;
  approveInvalid: (value: string) => string;
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

function counts(lang: Lang, c: SeverityCounts): string {
  const words =
    lang === 'pt'
      ? { critical: ['crítico', 'críticos'], high: ['alto', 'altos'], medium: ['médio', 'médios'], low: ['baixo', 'baixos'] }
      : { critical: ['critical', 'critical'], high: ['high', 'high'], medium: ['medium', 'medium'], low: ['low', 'low'] };
  return (['critical', 'high', 'medium', 'low'] as const)
    .filter((s) => c[s] > 0)
    .map((s) => plural(c[s], words[s][0] as string, words[s][1] as string))
    .join(', ');
}

const pt: AgentMessages = {
  severityCounts: (c) => counts('pt', c),
  checkFound: (drifted, resources, c) => `Encontrei drift em ${drifted} de ${plural(resources, 'recurso', 'recursos')} (${c}).`,
  checkInSync: (n) => `Tudo em sincronia: ${plural(n, 'recurso confere', 'recursos conferem')} com os arquivos de fase.`,
  checkNotCompared: (checked, declared, reasons) =>
    `Nenhum drift no que foi comparado, mas só ${checked} de ${declared} recursos declarados foram comparados; os outros não foram verificados (${reasons}), então não digo que estão em sincronia.`,
  checkIncomplete: (n, types) =>
    `Atenção: a verificação ficou incompleta (${plural(n, 'erro de leitura', 'erros de leitura')}); não verifiquei: ${types}.`,
  topItems: 'O que mais importa:',
  moreItems: (n) => `… e mais ${n}. Peça "diff do <recurso>" para ver um recurso.`,
  offerWaysOut:
    'Posso executar reverse sync para sincronizar as mudanças do AWS para o Git? Ou prefere que eu reverta as mudanças manuais no AWS?',
  offerHint: '(responda "sim" ou "o primeiro" para o reverse sync; "reverter" ou "o segundo" para reverter)',

  detailTitle: (label, type, where) => `${label} (${type}) — ${where}`,
  notInGit: 'fora do Git',
  differenceChanged: (path, expected, actual) => `  ~ ${path}: Git ${expected} → AWS ${actual}`,
  differenceAdded: (path, actual) => `  + ${path} = ${actual} (só na AWS)`,
  differenceRemoved: (path, expected) => `  - ${path} = ${expected} (declarado no Git, ausente na AWS)`,
  missingResource: '  declarado no Git, não existe na AWS',
  extraResource: '  existe na AWS, não está declarado no Git',
  resourceNotFound: (name) => `Não há drift reportado para "${name}".`,
  resourceInSync: (name) => `${name} está em sincronia: Git e AWS concordam.`,
  resourceUnknown: (name) => `Não existe recurso "${name}" nos arquivos de fase nem na AWS.`,
  didYouMean: (names) => `Você quis dizer: ${names}?`,
  resourceNotChecked: (name, reason) => `"${name}" não foi verificado: ${reason}`,
  whichResource: 'De qual recurso? Por exemplo: "diff do rds-main-db".',

  criticalNone: 'Nada crítico nem alto agora: não há drift.',
  criticalNoneWorst: (severity, label) => `Nada crítico nem alto agora. O mais grave é ${severity}: ${label}.`,
  criticalFound: (c) => `Prioridades agora (${c}):`,

  explainTitle: (label) => `Sobre ${label}:`,
  explainWhat: 'O que mudou:',
  explainWhy: (severity, reasons) => `Por que ${severity}: ${reasons}.`,
  explainAutoHealYes: 'Auto-heal: elegível (pode ser revertido automaticamente com segurança).',
  explainAutoHealNo: (reason) => `Auto-heal: não elegível — ${reason}.`,
  explainSyncConfig: (where) => `• Reverse sync: atualiza ${where} no Git com o valor atual da AWS (branch + PR).`,
  explainSyncMissing: (where) => `• Reverse sync: remove a declaração em ${where}, aceitando que o recurso não existe mais.`,
  explainSyncExtra: '• Reverse sync: declara o recurso no Git para que passe a ser gerenciado.',
  explainHealConfig: '• Reverter: devolve na AWS o valor declarado no Git (com sua confirmação).',
  explainHealNotPossible: '• Reverter: não é automático para recursos ausentes ou extras; exige um deploy ou uma decisão manual.',
  explainNothing: 'Não há drift para explicar: tudo está em sincronia.',

  historyUnavailable: (name) =>
    `O histórico de drift não está disponível nesta versão, então não sei desde quando ${name} está assim.`,
  historyNoResource: 'De qual recurso? Por exemplo: "desde quando o rds-main-db está assim?".',
  historyNone: (name) => `Não há registros anteriores de drift para ${name}.`,
  historyFirstSeen: (name, at) => `${name} está com drift desde ${at} (primeira detecção registrada).`,
  historyResolvedOnly: (name) => `${name} não tem drift aberto no histórico; episódios anteriores:`,
  historyLine: (from, to, severity, kind, resolved) => `  ${from} → ${to} [${severity}] ${kind}, ${resolved}`,
  historyResolved: (at, how) => `resolvido em ${at} (${how})`,
  historyOpen: 'ainda aberto',
  currentlyDrifted: (name, summary) => `Agora: ${name} — ${summary}.`,
  currentlyInSync: (name) => `Agora: ${name} está em sincronia.`,

  healPlanTitle: (id, n) => `Plano de correção ${id}: ${plural(n, 'ação', 'ações')} na AWS.`,
  healActionLine: (label, operation, changes) => `  • ${label}: ${operation} — ${changes}`,
  healSkippedCount: (n) => (n === 1 ? '  (1 item fica de fora deste plano: não se corrige sem outra decisão sua.)' : `  (${n} itens ficam de fora deste plano: não se corrigem sem outra decisão sua.)`),
  syncPlanTitle: (id, n) => `Plano de reverse sync ${id}: ${plural(n, 'arquivo', 'arquivos')} a atualizar no Git.`,
  syncFileLine: (path, n) => `  • ${path}: ${plural(n, 'mudança', 'mudanças')}`,
  syncUnresolvedCount: (n) => `  (${plural(n, 'item não pode ser escrito', 'itens não podem ser escritos')} no Git automaticamente.)`,
  needsConfirmation:
    'Nada foi executado: este plano precisa da sua confirmação. Confirme no chat interativo (ialctl) ou repita o pedido com --yes.',
  declined: 'Certo, não executei nada.',
  planChanged: 'Não executei: o plano mudou desde que foi mostrado (AWS ou Git mudaram). Peça de novo para ver o plano atual.',
  nothingToHeal: 'Não há nada que eu possa reverter automaticamente.',
  nothingToSync: 'Não há nada a escrever no Git.',
  healDone: (healed, failed) =>
    failed === 0 ? `Pronto: ${healed === 1 ? '1 item corrigido e verificado' : `${healed} itens corrigidos e verificados`} na AWS.` : `${plural(healed, 'item corrigido', 'itens corrigidos')}, ${plural(failed, 'falhou', 'falharam')}:`,
  healResultLine: (itemId, status, error) => `  • ${itemId}: ${status}${error ? ` — ${error}` : ''}`,
  healStatus: { healed: 'corrigido', failed: 'falhou', verify_failed: 'não confirmado na releitura' },
  syncDone: (branch, commit) => `Pronto: mudanças gravadas no branch ${branch}${commit ? ` (commit ${commit})` : ''}.`,
  syncPullRequest: (url) => `Pull request: ${url}`,
  syncNoPullRequest: 'Nenhum pull request aberto (sem remoto no GitHub ou sem GITHUB_TOKEN): só o branch.',
  syncRepository: (dir) => `Repositório: ${dir}`,
  syncNext: (why, c) => {
    const git = c.repository ? `git -C ${c.repository}` : 'git';
    if (c.url) return `Nenhum pull request aberto${why === 'no-token' ? ' (GITHUB_TOKEN não definido)' : ''}. Próximo passo: abra o pull request em ${c.url}`;
    if (c.pushed) return `Nenhum pull request aberto${why === 'not-github' ? ' (o remoto não está no GitHub)' : ''}. Próximo passo: abra um pull request do branch ${c.branch} no seu serviço Git.`;
    if (why === 'no-origin') return `Nenhum pull request: o repositório não tem remoto origin. Próximo passo: revise com \`${git} show ${c.branch}\`; para publicar, adicione um remoto e rode \`${git} push -u origin ${c.branch}\`.`;
    return `Nenhum pull request aberto. Próximo passo: \`${git} push -u origin ${c.branch}\` e abra o pull request.`;
  },
  problem: (text) => `Atenção: ${text}`,
  toolFailed: (message) => `Não consegui: ${message}`,

  nothingPending: 'Não há nada esperando confirmação. Peça "verificar drift" para começar.',
  cancelled: 'Ok, cancelado. Nada foi alterado.',
  noChoiceOffered: 'Não ofereci opções ainda. Peça "verificar drift" e eu sugiro os caminhos.',
  help: [
    'Posso ajudar com o drift entre os arquivos de fase (Git) e a AWS:',
    '  • "verificar drift" — compara e resume o que mudou',
    '  • "diff do rds-main-db" — as diferenças de um recurso',
    '  • "o que é crítico agora?" — triagem',
    '  • "explica esse drift" — o que mudou, por que a severidade, o que cada caminho faz',
    '  • "reverse sync" — leva as mudanças da AWS para o Git (branch + PR)',
    '  • "reverter" / "corrigir drift automaticamente" — devolve a AWS ao que está no Git',
    'Nada é alterado sem a sua confirmação.',
  ].join('\n'),
  notUnderstood: 'Não entendi. Tente "verificar drift", "diff do <recurso>" ou "ajuda".',

  interactiveUnavailable:
    'O chat interativo não está nesta versão. Use uma mensagem por vez: ialctl "verificar drift" (--json para JSON), ' +
    'ou envie mensagens pela entrada padrão, uma por linha: echo "verificar drift" | ialctl',
  lineModeConfirmHint: 'No modo linha não há como confirmar um plano: use --yes para aprovar, ou o chat interativo.',
  yesNotRequested: (tool, planId) =>
    `o --yes aprova só o que a sua mensagem pediu, e ela não pediu ${tool}: nada foi executado. Para executar exatamente este plano, repita com --approve ${planId}`,
  approveMismatch: (approved, planId) => `--approve ${approved} não é o plano desta conversa (${planId}): nada foi executado`,
  approveInvalid: (value) => `--approve espera o id de um plano (12 a 64 dígitos hexadecimais, como mostra o plano), recebeu "${value}"`,
};

const en: AgentMessages = {
  severityCounts: (c) => counts('en', c),
  checkFound: (drifted, resources, c) => `I found drift on ${drifted} of ${plural(resources, 'resource', 'resources')} (${c}).`,
  checkInSync: (n) => `Everything is in sync: ${plural(n, 'resource matches', 'resources match')} the phase files.`,
  checkNotCompared: (checked, declared, reasons) =>
    `No drift in what was compared, but only ${checked} of ${declared} declared resources were compared; the others were not checked (${reasons}), so I do not call them in sync.`,
  checkIncomplete: (n, types) => `Careful: the check is incomplete (${plural(n, 'read error', 'read errors')}); not checked: ${types}.`,
  topItems: 'What matters most:',
  moreItems: (n) => `… and ${n} more. Ask "diff of <resource>" to see one resource.`,
  offerWaysOut: 'Shall I run reverse sync to bring the AWS changes into Git? Or would you rather I revert the manual changes in AWS?',
  offerHint: '(answer "yes" or "the first" for reverse sync; "revert" or "the second" to revert)',

  detailTitle: (label, type, where) => `${label} (${type}) — ${where}`,
  notInGit: 'not in Git',
  differenceChanged: (path, expected, actual) => `  ~ ${path}: Git ${expected} → AWS ${actual}`,
  differenceAdded: (path, actual) => `  + ${path} = ${actual} (only in AWS)`,
  differenceRemoved: (path, expected) => `  - ${path} = ${expected} (declared in Git, absent in AWS)`,
  missingResource: '  declared in Git, does not exist in AWS',
  extraResource: '  exists in AWS, not declared in Git',
  resourceNotFound: (name) => `No drift reported for "${name}".`,
  resourceInSync: (name) => `${name} is in sync: Git and AWS agree.`,
  resourceUnknown: (name) => `No resource "${name}" exists in the phase files or in AWS.`,
  didYouMean: (names) => `Did you mean: ${names}?`,
  resourceNotChecked: (name, reason) => `"${name}" was not checked: ${reason}`,
  whichResource: 'Which resource? For example: "diff of rds-main-db".',

  criticalNone: 'Nothing critical or high right now: there is no drift.',
  criticalNoneWorst: (severity, label) => `Nothing critical or high right now. The most severe is ${severity}: ${label}.`,
  criticalFound: (c) => `Priorities right now (${c}):`,

  explainTitle: (label) => `About ${label}:`,
  explainWhat: 'What changed:',
  explainWhy: (severity, reasons) => `Why ${severity}: ${reasons}.`,
  explainAutoHealYes: 'Auto-heal: eligible (safe to revert automatically).',
  explainAutoHealNo: (reason) => `Auto-heal: not eligible — ${reason}.`,
  explainSyncConfig: (where) => `• Reverse sync: updates ${where} in Git to the current AWS value (branch + PR).`,
  explainSyncMissing: (where) => `• Reverse sync: removes the declaration at ${where}, accepting that the resource is gone.`,
  explainSyncExtra: '• Reverse sync: declares the resource in Git so it becomes managed.',
  explainHealConfig: '• Revert: sets AWS back to the value declared in Git (after you confirm).',
  explainHealNotPossible: '• Revert: not automatic for missing or extra resources; it needs a deploy or a manual decision.',
  explainNothing: 'There is no drift to explain: everything is in sync.',

  historyUnavailable: (name) => `Drift history is not available in this build, so I cannot tell since when ${name} has been like this.`,
  historyNoResource: 'Which resource? For example: "since when has rds-main-db been like this?".',
  historyNone: (name) => `There are no earlier drift records for ${name}.`,
  historyFirstSeen: (name, at) => `${name} has drifted since ${at} (first recorded detection).`,
  historyResolvedOnly: (name) => `${name} has no open drift in the history; earlier episodes:`,
  historyLine: (from, to, severity, kind, resolved) => `  ${from} → ${to} [${severity}] ${kind}, ${resolved}`,
  historyResolved: (at, how) => `resolved at ${at} (${how})`,
  historyOpen: 'still open',
  currentlyDrifted: (name, summary) => `Now: ${name} — ${summary}.`,
  currentlyInSync: (name) => `Now: ${name} is in sync.`,

  healPlanTitle: (id, n) => `Heal plan ${id}: ${plural(n, 'action', 'actions')} in AWS.`,
  healActionLine: (label, operation, changes) => `  • ${label}: ${operation} — ${changes}`,
  healSkippedCount: (n) => `  (${plural(n, 'item is', 'items are')} left out of this plan: not healed without another decision of yours.)`,
  syncPlanTitle: (id, n) => `Reverse sync plan ${id}: ${plural(n, 'file', 'files')} to update in Git.`,
  syncFileLine: (path, n) => `  • ${path}: ${plural(n, 'change', 'changes')}`,
  syncUnresolvedCount: (n) => `  (${plural(n, 'item cannot', 'items cannot')} be written to Git automatically.)`,
  needsConfirmation: 'Nothing was executed: this plan needs your confirmation. Confirm it in the interactive chat (ialctl) or repeat the request with --yes.',
  declined: 'Fine, I did not execute anything.',
  planChanged: 'Not executed: the plan changed since it was shown (AWS or Git changed). Ask again to see the current plan.',
  nothingToHeal: 'There is nothing I can revert automatically.',
  nothingToSync: 'There is nothing to write to Git.',
  healDone: (healed, failed) =>
    failed === 0 ? `Done: ${plural(healed, 'item healed', 'items healed')} and verified in AWS.` : `${plural(healed, 'item healed', 'items healed')}, ${failed} failed:`,
  healResultLine: (itemId, status, error) => `  • ${itemId}: ${status}${error ? ` — ${error}` : ''}`,
  healStatus: { healed: 'healed', failed: 'failed', verify_failed: 'not confirmed on re-read' },
  syncDone: (branch, commit) => `Done: changes written to branch ${branch}${commit ? ` (commit ${commit})` : ''}.`,
  syncPullRequest: (url) => `Pull request: ${url}`,
  syncNoPullRequest: 'No pull request opened (no GitHub remote, or no GITHUB_TOKEN): branch only.',
  syncRepository: (dir) => `Repository: ${dir}`,
  syncNext: (why, c) => {
    const git = c.repository ? `git -C ${c.repository}` : 'git';
    if (c.url) return `No pull request opened${why === 'no-token' ? ' (GITHUB_TOKEN is not set)' : ''}. Next step: open the pull request at ${c.url}`;
    if (c.pushed) return `No pull request opened${why === 'not-github' ? ' (the remote is not on GitHub)' : ''}. Next step: open a pull request from branch ${c.branch} on your Git host.`;
    if (why === 'no-origin') return `No pull request: the repository has no origin remote. Next step: review it with \`${git} show ${c.branch}\`; to publish, add a remote and run \`${git} push -u origin ${c.branch}\`.`;
    return `No pull request opened. Next step: \`${git} push -u origin ${c.branch}\`, then open the pull request.`;
  },
  problem: (text) => `Careful: ${text}`,
  toolFailed: (message) => `I couldn't do it: ${message}`,

  nothingPending: 'Nothing is waiting for a confirmation. Ask "check drift" to start.',
  cancelled: 'OK, cancelled. Nothing was changed.',
  noChoiceOffered: 'I have not offered any options yet. Ask "check drift" and I will suggest the ways out.',
  help: [
    'I can help with drift between the phase files (Git) and AWS:',
    '  • "check drift" — compares and summarizes what changed',
    '  • "diff of rds-main-db" — one resource\'s differences',
    '  • "what\'s critical right now?" — triage',
    '  • "explain this drift" — what changed, why the severity, what each way out does',
    '  • "reverse sync" — brings the AWS changes into Git (branch + PR)',
    '  • "revert" / "auto-heal the safe drift" — sets AWS back to what Git declares',
    'Nothing changes without your confirmation.',
  ].join('\n'),
  notUnderstood: 'I did not understand. Try "check drift", "diff of <resource>" or "help".',

  interactiveUnavailable:
    'The interactive chat is not in this build. Send one message at a time: ialctl "check drift" (--json for JSON), ' +
    'or pipe messages on standard input, one per line: echo "check drift" | ialctl',
  lineModeConfirmHint: 'Line mode cannot confirm a plan: pass --yes to approve, or use the interactive chat.',
  yesNotRequested: (tool, planId) =>
    `--yes approves only what your message asked for, and it did not ask for ${tool}: nothing was executed. To run exactly this plan, repeat with --approve ${planId}`,
  approveMismatch: (approved, planId) => `--approve ${approved} is not the plan this conversation led to (${planId}): nothing was executed`,
  approveInvalid: (value) => `--approve expects a plan id (12 to 64 hex digits, as the plan shows it), got "${value}"`,
};

const CATALOGUES: Record<Lang, AgentMessages> = { pt, en };

export function agentMessages(lang: Lang): AgentMessages {
  return CATALOGUES[lang];
}
