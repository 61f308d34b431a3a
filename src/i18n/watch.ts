// Texts of continuous monitoring (watch output, notifications, pauses, history) and of the CI outputs
// (SARIF), in pt and en. Messages with values are functions, so each language controls word order and
// plurals; a key missing from one language is a compile error.
import type { Lang } from './index.js';

export interface WatchMessages {
  notify: {
    /** Subject of the drift notification. */
    newDriftSubject: (count: number, worst: string, where: string) => string;
    escalatedSubject: (count: number, where: string) => string;
    /** First line: what is new, where, and the total. */
    newDriftSummary: (count: number, bySeverity: string, account: string, region: string, total: number) => string;
    escalatedSummary: (count: number, account: string, region: string, total: number) => string;
    newHeading: string;
    escalatedHeading: string;
    wasSeverity: (from: string) => string;
    more: (count: number) => string;
    seeDetails: (command: string) => string;
    seeHistory: (command: string) => string;
    checkedAt: (iso: string) => string;
    failedSubject: (where: string) => string;
    failedSummary: (error: string) => string;
    incompleteSubject: (where: string) => string;
    incompleteSummary: (errors: string) => string;
    /** Why nothing changed in the history after a failed or partial check. */
    findingsStand: string;
    actionsSubject: (healed: number, attempted: number, where: string) => string;
    syncSubject: (where: string) => string;
    healSummary: (healed: number, failed: number, verifyFailed: number) => string;
    healStatus: Record<'healed' | 'failed' | 'verify_failed', string>;
    pullRequest: (url: string) => string;
    branch: (name: string) => string;
    unresolved: (count: number) => string;
  };
  watch: {
    starting: (interval: string, jitterPercent: number) => string;
    once: string;
    metricsOn: (namespace: string, region: string) => string;
    metricsOffSource: string;
    metricsOffConfig: string;
    notifyOn: (topic: string) => string;
    notifyOff: string;
    notifyOffSource: string;
    autoHealOn: (limit: string, max: number) => string;
    autoHealOff: string;
    autoHealOffSource: string;
    reverseSyncOn: string;
    reverseSyncOff: string;
    reverseSyncOffSource: string;
    stateAt: (file: string) => string;
    stopHint: string;
    stopping: string;
    stopped: (runs: number) => string;
    runLine: (run: number, time: string) => string;
    items: (count: number, fresh: number) => string;
    resolved: (count: number) => string;
    failed: (error: string) => string;
    incomplete: (error: string) => string;
    skipped: (holder: string) => string;
    metrics: Record<'done' | 'off', string> & { failed: (error: string) => string };
    notification: Record<'done' | 'off', string> & { failed: (error: string) => string };
    heal: {
      disabled: string;
      frozen: (until: string, held: number) => string;
      nothing: string;
      unavailable: (eligible: number) => string;
      stopping: string;
      done: (healed: number, failed: number) => string;
      failed: (error: string) => string;
    };
    sync: {
      nothing: string;
      unavailable: (items: number) => string;
      stopping: string;
      done: (where: string) => string;
      failed: (error: string) => string;
    };
    next: (duration: string) => string;
  };
  pause: {
    paused: (scope: string, until: string) => string;
    reason: (reason: string) => string;
    detectedNotHealed: string;
    resumed: (count: number) => string;
    noneToResume: string;
    activeTitle: string;
    noneActive: string;
    activeLine: (scope: string, until: string, reason: string | null) => string;
    everything: string;
  };
  history: {
    noHistory: (stateFile: string) => string;
    noFindings: string;
    notFound: (resource: string) => string;
    openTitle: string;
    resourceTitle: (resource: string) => string;
    driftingSince: (since: string, lastSeen: string) => string;
    resolvedLine: (firstSeen: string, resolvedAt: string, resolution: string) => string;
    resolution: Record<'healed' | 'synced' | 'gone', string>;
    lastRuns: string;
    runLine: (id: number, at: string, status: string) => string;
    runStatus: { complete: (items: number) => string; incomplete: (error: string) => string; failed: (error: string) => string };
  };
  report: {
    newBadge: string;
    knownSince: (iso: string) => string;
  };
  sarif: {
    ruleName: (type: string, severity: string) => string;
    ruleDescription: (type: string, severity: string) => string;
    missing: string;
    extra: string;
    changed: (paths: string) => string;
    extraLocation: string;
  };
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

export const watchEn: WatchMessages = {
  notify: {
    newDriftSubject: (n, worst, where) => `ialctl: ${plural(n, 'new drift item', 'new drift items')} (worst: ${worst}) in ${where}`,
    escalatedSubject: (n, where) => `ialctl: drift severity rose to high or critical for ${plural(n, 'item', 'items')} in ${where}`,
    newDriftSummary: (n, bySeverity, account, region, total) =>
      `${plural(n, 'new drift item', 'new drift items')} (${bySeverity}) in account ${account}, region ${region}; ${plural(total, 'item drifts', 'items drift')} in total.`,
    escalatedSummary: (n, account, region, total) =>
      `The severity of ${plural(n, 'drift item', 'drift items')} rose to high or critical in account ${account}, region ${region}; ${plural(total, 'item drifts', 'items drift')} in total.`,
    newHeading: 'New:',
    escalatedHeading: 'Severity rose:',
    wasSeverity: (from) => `(was ${from})`,
    more: (n) => `… and ${n} more`,
    seeDetails: (command) => `See the details: ${command}`,
    seeHistory: (command) => `Since when: ${command}`,
    checkedAt: (iso) => `Checked at ${iso}.`,
    failedSubject: (where) => `ialctl: drift check FAILED for ${where}`,
    failedSummary: (error) => `The drift check failed: ${error}`,
    incompleteSubject: (where) => `ialctl: drift check INCOMPLETE for ${where}`,
    incompleteSummary: (errors) => `The drift check could not read everything: ${errors}`,
    findingsStand: 'Nothing was recorded as in sync: resources that were not read keep their previous findings.',
    actionsSubject: (healed, attempted, where) => `ialctl: auto-heal healed ${healed} of ${attempted} in ${where}`,
    syncSubject: (where) => `ialctl: reverse sync proposed Git changes for ${where}`,
    healSummary: (healed, failed, verifyFailed) =>
      `Unattended healing: ${healed} healed, ${failed} failed, ${verifyFailed} still drifting after the change.`,
    healStatus: { healed: 'healed', failed: 'FAILED', verify_failed: 'still drifting after the change' },
    pullRequest: (url) => `Reverse sync pull request: ${url}`,
    branch: (name) => `Reverse sync branch: ${name}`,
    unresolved: (n) => `${plural(n, 'item', 'items')} could not be written to Git.`,
  },
  watch: {
    starting: (interval, jitter) => `Watching for drift every ${interval} (±${jitter}%).`,
    once: 'One drift check (--once).',
    metricsOn: (namespace, region) => `  metrics: CloudWatch namespace ${namespace} in ${region}`,
    metricsOffSource: '  metrics: off (no AWS account is read with --demo or --snapshot)',
    metricsOffConfig: '  metrics: off (watch.publish_metrics is false)',
    notifyOn: (topic) => `  notifications: SNS ${topic}`,
    notifyOff: '  notifications: off (set notifications.sns_topic_arn or IAL_SNS_TOPIC_ARN)',
    notifyOffSource: '  notifications: off (no AWS account is read with --demo or --snapshot)',
    autoHealOn: (limit, max) => `  auto-heal: on (severity up to ${limit}, at most ${max} per run)`,
    autoHealOff: '  auto-heal: off (auto_heal.enabled / IAL_AUTO_HEAL_ENABLED)',
    autoHealOffSource: '  auto-heal: off with --demo or --snapshot (each run re-reads the same saved state; try `ialctl drift heal --demo --apply`)',
    reverseSyncOn: '  reverse sync: automatic',
    reverseSyncOff: '  reverse sync: off (reverse_sync.auto / IAL_REVERSE_SYNC_AUTO)',
    reverseSyncOffSource: '  reverse sync: off with --demo or --snapshot (try `ialctl reverse-sync --demo`)',
    stateAt: (file) => `  history: ${file}`,
    stopHint: 'Stop with Ctrl-C or SIGTERM.',
    stopping: 'Stopping after the current step (signal again to exit at once)…',
    stopped: (runs) => `Stopped after ${plural(runs, 'run', 'runs')}.`,
    runLine: (run, time) => `run ${run} · ${time}`,
    items: (n, fresh) => `${plural(n, 'drift item', 'drift items')} (${fresh} new)`,
    resolved: (n) => `${n} resolved`,
    failed: (error) => `check FAILED: ${error}`,
    incomplete: (error) => `check INCOMPLETE: ${error}`,
    skipped: (holder) => `skipped: another run holds the watch lease (${holder})`,
    metrics: { done: 'metrics published', off: 'metrics off', failed: (e) => `metrics NOT published: ${e}` },
    notification: { done: 'notification sent', off: 'notifications off', failed: (e) => `notification NOT sent: ${e}` },
    heal: {
      disabled: 'auto-heal off',
      frozen: (until, held) => `auto-heal held by a freeze window until ${until} (${held} eligible)`,
      nothing: 'nothing to heal unattended',
      unavailable: (n) =>
        `auto-heal unavailable in this build: ${plural(n, 'eligible item', 'eligible items')} left for \`ialctl drift heal\``,
      stopping: 'auto-heal not started (stopping)',
      done: (healed, failed) => `auto-heal: ${healed} healed, ${failed} not healed`,
      failed: (e) => `auto-heal FAILED: ${e}`,
    },
    sync: {
      nothing: 'nothing to reverse-sync',
      unavailable: (n) => `reverse sync unavailable in this build: ${plural(n, 'item', 'items')} left for \`ialctl reverse-sync\``,
      stopping: 'reverse sync not started (stopping)',
      done: (where) => `reverse sync: ${where}`,
      failed: (e) => `reverse sync FAILED: ${e}`,
    },
    next: (duration) => `next run in ${duration}`,
  },
  pause: {
    paused: (scope, until) => `Unattended healing paused for ${scope} until ${until}.`,
    reason: (reason) => `Reason: ${reason}`,
    detectedNotHealed: 'Drift there is still detected and reported, but never healed unattended. End it early with `ialctl drift resume`.',
    resumed: (n) => `Resumed: ${plural(n, 'pause', 'pauses')} ended.`,
    noneToResume: 'No active pause matches: nothing to resume.',
    activeTitle: 'Active pauses',
    noneActive: 'No active pauses.',
    activeLine: (scope, until, reason) => `  ${scope} until ${until}${reason ? ` — ${reason}` : ''}`,
    everything: 'everything',
  },
  history: {
    noHistory: (file) => `No drift history yet (${file}): \`ialctl drift watch\` records one.`,
    noFindings: 'No open drift findings.',
    notFound: (resource) => `No drift was ever recorded for ${resource}.`,
    openTitle: 'Open drift findings',
    resourceTitle: (resource) => `Drift history of ${resource}`,
    driftingSince: (since, lastSeen) => `drifting since ${since} (last seen ${lastSeen})`,
    resolvedLine: (first, resolved, how) => `drifted from ${first} until ${resolved} (${how})`,
    resolution: { healed: 'healed', synced: 'synced to Git', gone: 'gone' },
    lastRuns: 'Last runs',
    runLine: (id, at, status) => `  #${id} ${at} ${status}`,
    runStatus: {
      complete: (n) => `complete, ${plural(n, 'item', 'items')}`,
      incomplete: (e) => `INCOMPLETE: ${e}`,
      failed: (e) => `FAILED: ${e}`,
    },
  },
  report: {
    newBadge: 'NEW',
    knownSince: (iso) => `known since ${iso}`,
  },
  sarif: {
    ruleName: (type, severity) => `${type} (${severity})`,
    ruleDescription: (type, severity) => `The live AWS resource differs from its phase file: ${type}, severity ${severity}.`,
    missing: 'declared in Git, absent in AWS',
    extra: 'exists in AWS, not declared in Git',
    changed: (paths) => `differs from AWS: ${paths}`,
    extraLocation: 'not declared in any phase file; shown at the first declaration of its type',
  },
};

export const watchPt: WatchMessages = {
  notify: {
    newDriftSubject: (n, worst, where) =>
      `ialctl: ${n === 1 ? '1 novo item de drift' : `${n} novos itens de drift`} (pior: ${worst}) em ${where}`,
    escalatedSubject: (n, where) =>
      `ialctl: severidade do drift subiu para alta ou crítica em ${n === 1 ? '1 item' : `${n} itens`} em ${where}`,
    newDriftSummary: (n, bySeverity, account, region, total) =>
      `${n === 1 ? '1 novo item de drift' : `${n} novos itens de drift`} (${bySeverity}) na conta ${account}, região ${region}; ${total === 1 ? '1 item com drift' : `${total} itens com drift`} no total.`,
    escalatedSummary: (n, account, region, total) =>
      `A severidade de ${n === 1 ? '1 item de drift' : `${n} itens de drift`} subiu para alta ou crítica na conta ${account}, região ${region}; ${total === 1 ? '1 item com drift' : `${total} itens com drift`} no total.`,
    newHeading: 'Novos:',
    escalatedHeading: 'Severidade subiu:',
    wasSeverity: (from) => `(era ${from})`,
    more: (n) => `… e mais ${n}`,
    seeDetails: (command) => `Veja os detalhes: ${command}`,
    seeHistory: (command) => `Desde quando: ${command}`,
    checkedAt: (iso) => `Verificado em ${iso}.`,
    failedSubject: (where) => `ialctl: verificação de drift FALHOU em ${where}`,
    failedSummary: (error) => `A verificação de drift falhou: ${error}`,
    incompleteSubject: (where) => `ialctl: verificação de drift INCOMPLETA em ${where}`,
    incompleteSummary: (errors) => `A verificação de drift não conseguiu ler tudo: ${errors}`,
    findingsStand: 'Nada foi registrado como sincronizado: recursos não lidos mantêm os achados anteriores.',
    actionsSubject: (healed, attempted, where) => `ialctl: auto-heal corrigiu ${healed} de ${attempted} em ${where}`,
    syncSubject: (where) => `ialctl: reverse sync propôs mudanças no Git para ${where}`,
    healSummary: (healed, failed, verifyFailed) =>
      `Correção automática: ${healed} corrigidos, ${failed} com falha, ${verifyFailed} ainda com drift após a mudança.`,
    healStatus: { healed: 'corrigido', failed: 'FALHOU', verify_failed: 'ainda com drift após a mudança' },
    pullRequest: (url) => `Pull request do reverse sync: ${url}`,
    branch: (name) => `Branch do reverse sync: ${name}`,
    unresolved: (n) => `${n === 1 ? '1 item não pôde' : `${n} itens não puderam`} ser escritos no Git.`,
  },
  watch: {
    starting: (interval, jitter) => `Monitorando drift a cada ${interval} (±${jitter}%).`,
    once: 'Uma verificação de drift (--once).',
    metricsOn: (namespace, region) => `  métricas: CloudWatch, namespace ${namespace} em ${region}`,
    metricsOffSource: '  métricas: desligadas (--demo e --snapshot não leem uma conta AWS)',
    metricsOffConfig: '  métricas: desligadas (watch.publish_metrics é false)',
    notifyOn: (topic) => `  notificações: SNS ${topic}`,
    notifyOff: '  notificações: desligadas (defina notifications.sns_topic_arn ou IAL_SNS_TOPIC_ARN)',
    notifyOffSource: '  notificações: desligadas (--demo e --snapshot não leem uma conta AWS)',
    autoHealOn: (limit, max) => `  auto-heal: ligado (severidade até ${limit}, no máximo ${max} por execução)`,
    autoHealOff: '  auto-heal: desligado (auto_heal.enabled / IAL_AUTO_HEAL_ENABLED)',
    autoHealOffSource: '  auto-heal: desligado com --demo ou --snapshot (cada execução relê o mesmo estado salvo; experimente `ialctl drift heal --demo --apply`)',
    reverseSyncOn: '  reverse sync: automático',
    reverseSyncOff: '  reverse sync: desligado (reverse_sync.auto / IAL_REVERSE_SYNC_AUTO)',
    reverseSyncOffSource: '  reverse sync: desligado com --demo ou --snapshot (experimente `ialctl reverse-sync --demo`)',
    stateAt: (file) => `  histórico: ${file}`,
    stopHint: 'Pare com Ctrl-C ou SIGTERM.',
    stopping: 'Parando após o passo atual (envie o sinal de novo para sair já)…',
    stopped: (runs) => `Parado após ${runs === 1 ? '1 execução' : `${runs} execuções`}.`,
    runLine: (run, time) => `execução ${run} · ${time}`,
    items: (n, fresh) => `${n === 1 ? '1 item de drift' : `${n} itens de drift`} (${fresh} ${fresh === 1 ? 'novo' : 'novos'})`,
    resolved: (n) => `${n} ${n === 1 ? 'resolvido' : 'resolvidos'}`,
    failed: (error) => `verificação FALHOU: ${error}`,
    incomplete: (error) => `verificação INCOMPLETA: ${error}`,
    skipped: (holder) => `pulada: outra execução detém o lease do watch (${holder})`,
    metrics: { done: 'métricas publicadas', off: 'métricas desligadas', failed: (e) => `métricas NÃO publicadas: ${e}` },
    notification: { done: 'notificação enviada', off: 'notificações desligadas', failed: (e) => `notificação NÃO enviada: ${e}` },
    heal: {
      disabled: 'auto-heal desligado',
      frozen: (until, held) => `auto-heal retido por janela de congelamento até ${until} (${held} elegíveis)`,
      nothing: 'nada a corrigir sem supervisão',
      unavailable: (n) =>
        `auto-heal indisponível nesta versão: ${n === 1 ? '1 item elegível fica' : `${n} itens elegíveis ficam`} para \`ialctl drift heal\``,
      stopping: 'auto-heal não iniciado (parando)',
      done: (healed, failed) => `auto-heal: ${healed} corrigidos, ${failed} não corrigidos`,
      failed: (e) => `auto-heal FALHOU: ${e}`,
    },
    sync: {
      nothing: 'nada para reverse sync',
      unavailable: (n) => `reverse sync indisponível nesta versão: ${n === 1 ? '1 item fica' : `${n} itens ficam`} para \`ialctl reverse-sync\``,
      stopping: 'reverse sync não iniciado (parando)',
      done: (where) => `reverse sync: ${where}`,
      failed: (e) => `reverse sync FALHOU: ${e}`,
    },
    next: (duration) => `próxima execução em ${duration}`,
  },
  pause: {
    paused: (scope, until) => `Correção automática pausada para ${scope} até ${until}.`,
    reason: (reason) => `Motivo: ${reason}`,
    detectedNotHealed: 'O drift ali continua sendo detectado e reportado, mas nunca corrigido sem supervisão. Encerre antes com `ialctl drift resume`.',
    resumed: (n) => `Retomado: ${n === 1 ? '1 pausa encerrada' : `${n} pausas encerradas`}.`,
    noneToResume: 'Nenhuma pausa ativa corresponde: nada a retomar.',
    activeTitle: 'Pausas ativas',
    noneActive: 'Nenhuma pausa ativa.',
    activeLine: (scope, until, reason) => `  ${scope} até ${until}${reason ? ` — ${reason}` : ''}`,
    everything: 'tudo',
  },
  history: {
    noHistory: (file) => `Ainda não há histórico de drift (${file}): \`ialctl drift watch\` registra um.`,
    noFindings: 'Nenhum achado de drift em aberto.',
    notFound: (resource) => `Nenhum drift foi registrado para ${resource}.`,
    openTitle: 'Achados de drift em aberto',
    resourceTitle: (resource) => `Histórico de drift de ${resource}`,
    driftingSince: (since, lastSeen) => `com drift desde ${since} (visto por último em ${lastSeen})`,
    resolvedLine: (first, resolved, how) => `com drift de ${first} até ${resolved} (${how})`,
    resolution: { healed: 'corrigido', synced: 'sincronizado no Git', gone: 'desapareceu' },
    lastRuns: 'Últimas execuções',
    runLine: (id, at, status) => `  #${id} ${at} ${status}`,
    runStatus: {
      complete: (n) => `completa, ${n === 1 ? '1 item' : `${n} itens`}`,
      incomplete: (e) => `INCOMPLETA: ${e}`,
      failed: (e) => `FALHOU: ${e}`,
    },
  },
  report: {
    newBadge: 'NOVO',
    knownSince: (iso) => `conhecido desde ${iso}`,
  },
  sarif: {
    ruleName: (type, severity) => `${type} (${severity})`,
    ruleDescription: (type, severity) => `O recurso na AWS difere do arquivo de fase: ${type}, severidade ${severity}.`,
    missing: 'declarado no Git, ausente na AWS',
    extra: 'existe na AWS, não declarado no Git',
    changed: (paths) => `difere da AWS: ${paths}`,
    extraLocation: 'não declarado em nenhum arquivo de fase; mostrado na primeira declaração do seu tipo',
  },
};

export function watchMessages(lang: Lang): WatchMessages {
  return lang === 'pt' ? watchPt : watchEn;
}
