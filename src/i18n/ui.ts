// The chat screen's words, pt and en. Values passed in are already sanitized by the components;
// these functions only choose words, word order and plurals.
import type { DenyReason, Mode } from '../agent/events.js';
import type { Lang } from './index.js';

export interface UiMessages {
  languageName: string;
  languageCode: Lang;
  header: {
    demo: string;
    region: (region: string) => string;
    account: (accountId: string) => string;
    profile: (profile: string) => string;
    defaultRegion: string;
    mode: Record<Mode, string>;
    language: (name: string) => string;
  };
  banner: {
    title: string;
    offline: string;
    examplesTitle: string;
    examples: string[];
    hints: string;
  };
  input: {
    placeholder: string;
    busy: string;
    pressAgainToExit: string;
    cancelling: string;
    queued: (line: string) => string;
  };
  tool: {
    running: Record<'check_drift' | 'heal_drift' | 'reverse_sync', string>;
    executing: Record<'heal_drift' | 'reverse_sync', string>;
    runningOther: (name: string) => string;
    awaiting: string;
    checkDrifted: (drifted: number) => string;
    checkInSync: (resources: number) => string;
    checkIncomplete: (errors: number) => string;
    /** Some declared resources were not compared: never "in sync". */
    checkNotCompared: (checked: number, declared: number) => string;
    checkResource: (name: string, items: number) => string;
    checkResourceNotFound: (name: string) => string;
    checkResourceInSync: (name: string) => string;
    checkResourceUnknown: (name: string) => string;
    healPlan: (actions: number) => string;
    healOutcome: (healed: number, failed: number) => string;
    syncPlan: (files: number) => string;
    syncOutcome: (branch: string) => string;
    done: string;
    failed: (message: string) => string;
    denied: Record<DenyReason, string>;
    cancelled: string;
    needsConfirmation: string;
  };
  report: {
    summary: (resources: number, inSync: number, drifted: number) => string;
    notChecked: (n: number) => string;
    incomplete: (errors: number) => string;
    readError: (service: string, message: string) => string;
    inSync: string;
    missing: string;
    extra: string;
    added: string;
    removed: string;
    autoHealEligible: string;
    moreDifferences: (n: number) => string;
    collapsed: (hidden: number, bySeverity: string) => string;
    recommendedTitle: string;
    healApply: (withApproval: number, unattendedEligible: number) => string;
    nothingToExpand: string;
  };
  plan: {
    healTitle: (actions: number) => string;
    syncTitle: (files: number) => string;
    planId: (id: string) => string;
    disruptive: string;
    skipped: (n: number) => string;
    unresolved: (n: number) => string;
    branch: (branch: string, base: string) => string;
    pullRequest: string;
    localBranchOnly: string;
    /** Why no pull request will be opened although one was asked for. */
    noPullRequest: (reason: 'no-token' | 'not-github' | 'no-origin') => string;
    /** Labels the arrow of a heal plan's changes. */
    healArrow: string;
    /** Labels the arrow of a reverse sync's changes. */
    syncArrow: string;
    parameter: (name: string) => string;
    line: (n: number) => string;
    fileChanges: (n: number) => string;
    keys: string;
    detailsHint: string;
    moreActions: (n: number) => string;
    approved: string;
    /** Keys typed before the dialog settled, dropped: shown so the operator knows they did not count. */
    ignoredTypeAhead: (text: string) => string;
  };
  outcome: {
    healStatus: Record<'healed' | 'failed' | 'verify_failed', string>;
    pullRequest: (url: string) => string;
    commit: (sha: string) => string;
  };
  turn: {
    cancelled: string;
    error: (message: string) => string;
  };
  commands: {
    help: string[];
    languageSet: string;
    unknown: (name: string) => string;
    diffUsage: string;
    langUsage: string;
    /** What `/check`, `/diff`, `/heal` and `/sync` say to the assistant, in this language. */
    phrase: {
      check: string;
      diff: (resource: string) => string;
      heal: string;
      sync: string;
    };
  };
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

const pt: UiMessages = {
  languageName: 'português',
  languageCode: 'pt',
  header: {
    demo: 'demo (conta sandbox)',
    region: (r) => `região ${r}`,
    account: (a) => `conta ${a}`,
    profile: (p) => `perfil ${p}`,
    defaultRegion: 'região padrão',
    mode: { offline: 'offline (sem LLM)', anthropic: 'Claude (API Anthropic)', bedrock: 'Claude (Amazon Bedrock)' },
    language: (name) => `idioma: ${name}`,
  },
  banner: {
    title: 'ialctl — chat de drift entre o Git e a AWS',
    offline: 'Modo offline: respondo com um assistente local, sem modelo de linguagem.',
    examplesTitle: 'Experimente:',
    examples: ['verificar drift', 'diff do rds-main-db', 'o que é crítico agora?', 'corrigir drift automaticamente', 'sincronizar AWS para o Git'],
    hints: '/help mostra os comandos · nada é alterado sem a sua confirmação · Ctrl+C cancela, duas vezes sai',
  },
  input: {
    placeholder: 'Digite uma mensagem ou /help',
    busy: 'trabalhando… (Ctrl+C cancela; pode escrever a próxima mensagem)',
    pressAgainToExit: 'Pressione Ctrl+C de novo para sair.',
    cancelling: 'cancelando…',
    queued: (line) => `⏳ na fila, vai quando este turno terminar: ${line}`,
  },
  tool: {
    running: { check_drift: '🔍 verificando drift…', heal_drift: '🛠  planejando a correção…', reverse_sync: '🔀 planejando o reverse sync…' },
    executing: { heal_drift: '🛠  corrigindo na AWS…', reverse_sync: '🔀 gravando no Git…' },
    runningOther: (name) => `⚙  ${name}…`,
    awaiting: '⏸  aguardando a sua confirmação',
    checkDrifted: (n) => `✓ ${plural(n, 'recurso com drift', 'recursos com drift')}`,
    checkInSync: (n) => `✓ tudo em sincronia (${plural(n, 'recurso', 'recursos')})`,
    checkIncomplete: (n) => `⚠ verificação incompleta (${plural(n, 'erro de leitura', 'erros de leitura')})`,
    checkNotCompared: (checked, declared) => `⚠ verificação parcial: ${checked} de ${declared} recursos declarados comparados`,
    checkResource: (name, n) => `✓ ${name}: ${plural(n, 'item de drift', 'itens de drift')}`,
    checkResourceNotFound: (name) => `✓ nenhum drift para ${name}`,
    checkResourceInSync: (name) => `✓ ${name}: em sincronia`,
    checkResourceUnknown: (name) => `✖ ${name}: não existe nos arquivos de fase nem na AWS`,
    healPlan: (n) => `✓ plano de correção: ${plural(n, 'ação', 'ações')}`,
    healOutcome: (healed, failed) => (failed === 0 ? `✓ ${plural(healed, 'item corrigido', 'itens corrigidos')}` : `✖ ${plural(healed, 'corrigido', 'corrigidos')}, ${failed} com falha`),
    syncPlan: (n) => `✓ plano de reverse sync: ${plural(n, 'arquivo', 'arquivos')}`,
    syncOutcome: (branch) => `✓ mudanças gravadas no branch ${branch}`,
    done: '✓ pronto',
    failed: (m) => `✖ falhou: ${m}`,
    denied: {
      declined: '⊘ recusado por você: nada foi executado',
      unknown_plan: '⊘ recusado: o plano citado não foi produzido nesta conversa; nada foi executado',
      previously_declined: '⊘ recusado: você já tinha recusado este plano; nada foi executado',
      already_executed: '⊘ recusado: este plano já foi executado',
      plan_changed: '⊘ recusado: o plano mudou (AWS ou Git mudaram); nada foi executado',
      not_approved: '⊘ recusado: não é o plano aprovado com --approve; nada foi executado',
    },
    cancelled: '⊘ cancelado',
    needsConfirmation: '⏸  precisa de confirmação: nada foi executado',
  },
  report: {
    summary: (resources, inSync, drifted) => `${plural(resources, 'recurso', 'recursos')} · ${inSync} em sincronia · ${drifted} com drift`,
    notChecked: (n) => (n === 1 ? '1 não verificado' : `${n} não verificados`),
    incomplete: (n) => `Verificação incompleta: ${plural(n, 'erro de leitura', 'erros de leitura')}. Recursos não lidos não aparecem como ausentes.`,
    readError: (service, message) => `✖ ${service}: ${message}`,
    inSync: 'Tudo em sincronia com os arquivos de fase.',
    missing: 'declarado no Git, ausente na AWS',
    extra: 'existe na AWS, fora do Git',
    added: 'só na AWS',
    removed: 'ausente na AWS',
    autoHealEligible: 'auto-heal elegível (sem supervisão)',
    moreDifferences: (n) => `… mais ${plural(n, 'diferença', 'diferenças')}`,
    collapsed: (n, by) => `… mais ${plural(n, 'item', 'itens')} (${by}) — digite /expand para ver todos`,
    recommendedTitle: 'Ações recomendadas',
    healApply: (approval, unattended) =>
      `corrigir na AWS com a sua confirmação: ${approval === 1 ? '1 item corrigível' : `${approval} itens corrigíveis`} com aprovação (${unattended === 1 ? '1 elegível' : `${unattended} elegíveis`} para auto-heal sem supervisão)`,
    nothingToExpand: 'Não há relatório para expandir: rode /check primeiro.',
  },
  plan: {
    healTitle: (n) => `Aplicar na AWS este plano de correção (${plural(n, 'ação', 'ações')})?`,
    syncTitle: (n) => `Gravar no Git este reverse sync (${plural(n, 'arquivo', 'arquivos')})?`,
    planId: (id) => `plano ${id}`,
    disruptive: '⚠ DISRUPTIVO',
    skipped: (n) => (n === 1 ? '1 item fica de fora: não se corrige neste plano — [d] mostra por quê' : `${n} itens ficam de fora: não se corrigem neste plano — [d] mostra por quê`),
    unresolved: (n) => (n === 1 ? '1 item não pode ser escrito no Git automaticamente' : `${n} itens não podem ser escritos no Git automaticamente`),
    branch: (branch, base) => `branch ${branch} a partir de ${base}`,
    pullRequest: 'abre um pull request',
    localBranchOnly: 'só o branch local (sem pull request)',
    noPullRequest: (reason) =>
      reason === 'no-token'
        ? 'sem pull request: GITHUB_TOKEN não está definido (o branch é enviado ao remoto)'
        : reason === 'not-github'
          ? 'sem pull request: o remoto origin não está no GitHub'
          : 'sem pull request: o repositório não tem remoto origin (só o branch local)',
    healArrow: 'valor atual na AWS → valor que a correção grava',
    syncArrow: 'valor no Git → valor na AWS (o que o Git passa a declarar)',
    parameter: (name) => `parâmetro ${name}`,
    line: (n) => `linha ${n}`,
    fileChanges: (n) => plural(n, 'mudança', 'mudanças'),
    keys: '[y] sim   [n] não   [d] detalhes      Enter = não',
    detailsHint: 'd: esconder detalhes',
    moreActions: (n) => `… mais ${plural(n, 'ação', 'ações')} — [d] detalhes mostra todas`,
    approved: '✓ aprovado por você',
    ignoredTypeAhead: (text) => `texto digitado antes do plano ignorado: “${text}” — leia o plano e aperte uma tecla`,
  },
  outcome: {
    healStatus: { healed: '✓ corrigido', failed: '✖ falhou', verify_failed: '⚠ não confirmado na releitura' },
    pullRequest: (url) => `pull request: ${url}`,
    commit: (sha) => `commit ${sha}`,
  },
  turn: {
    cancelled: '⊘ cancelado',
    error: (m) => `✖ ${m}`,
  },
  commands: {
    help: [
      'Comandos:',
      '  /check               verificar o drift (Git × AWS)',
      '  /diff <recurso>      diferenças de um recurso, ex.: /diff rds-main-db',
      '  /heal                corrigir o drift na AWS (mostra o plano e pede confirmação)',
      '  /sync                reverse sync: levar as mudanças da AWS para o Git',
      '  /expand              mostrar o último relatório inteiro',
      '  /lang pt|en          trocar o idioma',
      '  /clear               limpar a tela',
      '  /help                esta ajuda',
      '  /exit                sair',
      'Teclas: ↑/↓ histórico · Ctrl+C cancela o turno em andamento, duas vezes sai.',
      'Ou escreva livremente, em português ou inglês.',
    ],
    languageSet: 'Idioma: português.',
    unknown: (name) => `Comando desconhecido: /${name}. /help lista os comandos.`,
    diffUsage: 'Uso: /diff <recurso> — por exemplo /diff rds-main-db',
    langUsage: 'Uso: /lang pt ou /lang en',
    phrase: {
      check: 'verificar drift',
      diff: (r) => `diff do ${r}`,
      heal: 'corrigir drift',
      sync: 'sincronizar AWS para o Git',
    },
  },
};

const en: UiMessages = {
  languageName: 'English',
  languageCode: 'en',
  header: {
    demo: 'demo (sandbox account)',
    region: (r) => `region ${r}`,
    account: (a) => `account ${a}`,
    profile: (p) => `profile ${p}`,
    defaultRegion: 'default region',
    mode: { offline: 'offline (no LLM)', anthropic: 'Claude (Anthropic API)', bedrock: 'Claude (Amazon Bedrock)' },
    language: (name) => `language: ${name}`,
  },
  banner: {
    title: 'ialctl — drift chat between Git and AWS',
    offline: 'Offline mode: a local assistant answers, no language model.',
    examplesTitle: 'Try:',
    examples: ['check drift', 'what changed on rds-main-db', 'what is critical now?', 'auto-heal the safe drift', 'reverse sync'],
    hints: '/help lists the commands · nothing changes without your confirmation · Ctrl+C cancels, twice exits',
  },
  input: {
    placeholder: 'Type a message or /help',
    busy: 'working… (Ctrl+C cancels; you can type the next message)',
    pressAgainToExit: 'Press Ctrl+C again to exit.',
    cancelling: 'cancelling…',
    queued: (line) => `⏳ queued, sent when this turn ends: ${line}`,
  },
  tool: {
    running: { check_drift: '🔍 checking drift…', heal_drift: '🛠  planning the fix…', reverse_sync: '🔀 planning the reverse sync…' },
    executing: { heal_drift: '🛠  healing in AWS…', reverse_sync: '🔀 writing to Git…' },
    runningOther: (name) => `⚙  ${name}…`,
    awaiting: '⏸  waiting for your confirmation',
    checkDrifted: (n) => `✓ ${plural(n, 'resource', 'resources')} with drift`,
    checkInSync: (n) => `✓ everything in sync (${plural(n, 'resource', 'resources')})`,
    checkIncomplete: (n) => `⚠ incomplete check (${plural(n, 'read error', 'read errors')})`,
    checkNotCompared: (checked, declared) => `⚠ partial check: ${checked} of ${declared} declared resources compared`,
    checkResource: (name, n) => `✓ ${name}: ${plural(n, 'drift item', 'drift items')}`,
    checkResourceNotFound: (name) => `✓ no drift for ${name}`,
    checkResourceInSync: (name) => `✓ ${name}: in sync`,
    checkResourceUnknown: (name) => `✖ ${name}: not in the phase files nor in AWS`,
    healPlan: (n) => `✓ healing plan: ${plural(n, 'action', 'actions')}`,
    healOutcome: (healed, failed) => (failed === 0 ? `✓ ${plural(healed, 'item', 'items')} healed` : `✖ ${healed} healed, ${failed} failed`),
    syncPlan: (n) => `✓ reverse sync plan: ${plural(n, 'file', 'files')}`,
    syncOutcome: (branch) => `✓ changes written on branch ${branch}`,
    done: '✓ done',
    failed: (m) => `✖ failed: ${m}`,
    denied: {
      declined: '⊘ declined by you: nothing was executed',
      unknown_plan: '⊘ refused: the plan named was not produced in this conversation; nothing was executed',
      previously_declined: '⊘ refused: you had already declined this plan; nothing was executed',
      already_executed: '⊘ refused: this plan was already executed',
      plan_changed: '⊘ refused: the plan changed (AWS or Git changed); nothing was executed',
      not_approved: '⊘ refused: not the plan approved with --approve; nothing was executed',
    },
    cancelled: '⊘ cancelled',
    needsConfirmation: '⏸  needs confirmation: nothing was executed',
  },
  report: {
    summary: (resources, inSync, drifted) => `${plural(resources, 'resource', 'resources')} · ${inSync} in sync · ${drifted} with drift`,
    notChecked: (n) => `${n} not checked`,
    incomplete: (n) => `Incomplete check: ${plural(n, 'read error', 'read errors')}. Unread resources are never reported as missing.`,
    readError: (service, message) => `✖ ${service}: ${message}`,
    inSync: 'Everything is in sync with the phase files.',
    missing: 'declared in Git, absent in AWS',
    extra: 'exists in AWS, not in Git',
    added: 'AWS only',
    removed: 'absent in AWS',
    autoHealEligible: 'auto-heal eligible (unattended)',
    moreDifferences: (n) => `… ${plural(n, 'more difference', 'more differences')}`,
    collapsed: (n, by) => `… ${plural(n, 'more item', 'more items')} (${by}) — type /expand to see them all`,
    recommendedTitle: 'Recommended actions',
    healApply: (approval, unattended) =>
      `heal in AWS with your confirmation: ${plural(approval, 'item', 'items')} healable with approval (${unattended} unattended-eligible)`,
    nothingToExpand: 'No report to expand: run /check first.',
  },
  plan: {
    healTitle: (n) => `Apply this healing plan to AWS (${plural(n, 'action', 'actions')})?`,
    syncTitle: (n) => `Write this reverse sync to Git (${plural(n, 'file', 'files')})?`,
    planId: (id) => `plan ${id}`,
    disruptive: '⚠ DISRUPTIVE',
    skipped: (n) => `${plural(n, 'item is', 'items are')} left out: not healed by this plan — [d] says why`,
    unresolved: (n) => `${plural(n, 'item', 'items')} cannot be written to Git automatically`,
    branch: (branch, base) => `branch ${branch} from ${base}`,
    pullRequest: 'opens a pull request',
    localBranchOnly: 'local branch only (no pull request)',
    noPullRequest: (reason) =>
      reason === 'no-token'
        ? 'no pull request: GITHUB_TOKEN is not set (the branch is pushed)'
        : reason === 'not-github'
          ? 'no pull request: the origin remote is not on GitHub'
          : 'no pull request: the repository has no origin remote (local branch only)',
    healArrow: 'current value in AWS → value the heal writes',
    syncArrow: 'value in Git → value in AWS (what Git will declare)',
    parameter: (name) => `parameter ${name}`,
    line: (n) => `line ${n}`,
    fileChanges: (n) => plural(n, 'change', 'changes'),
    keys: '[y] yes   [n] no   [d] details      Enter = no',
    detailsHint: 'd: hide details',
    moreActions: (n) => `… ${plural(n, 'more action', 'more actions')} — [d] details shows them all`,
    approved: '✓ approved by you',
    ignoredTypeAhead: (text) => `ignored typed-ahead text: “${text}” — read the plan, then press a key`,
  },
  outcome: {
    healStatus: { healed: '✓ healed', failed: '✖ failed', verify_failed: '⚠ not confirmed on re-read' },
    pullRequest: (url) => `pull request: ${url}`,
    commit: (sha) => `commit ${sha}`,
  },
  turn: {
    cancelled: '⊘ cancelled',
    error: (m) => `✖ ${m}`,
  },
  commands: {
    help: [
      'Commands:',
      '  /check               check drift (Git × AWS)',
      '  /diff <resource>     differences of one resource, e.g. /diff rds-main-db',
      '  /heal                heal the drift in AWS (shows the plan and asks you first)',
      '  /sync                reverse sync: bring the AWS changes into Git',
      '  /expand              show the last report in full',
      '  /lang pt|en          switch language',
      '  /clear               clear the screen',
      '  /help                this help',
      '  /exit                quit',
      'Keys: ↑/↓ history · Ctrl+C cancels the running turn, twice exits.',
      'Or just write, in English or Portuguese.',
    ],
    languageSet: 'Language: English.',
    unknown: (name) => `Unknown command: /${name}. /help lists the commands.`,
    diffUsage: 'Usage: /diff <resource> — for example /diff rds-main-db',
    langUsage: 'Usage: /lang pt or /lang en',
    phrase: {
      check: 'check drift',
      diff: (r) => `what changed on ${r}`,
      heal: 'heal the drift',
      sync: 'reverse sync',
    },
  },
};

const MESSAGES: Record<Lang, UiMessages> = { pt, en };

export function uiMessages(lang: Lang): UiMessages {
  return MESSAGES[lang];
}
