// Messages of `ialctl drift heal`, in Portuguese and English. Reasons that come from the drift core
// (why an item was skipped) stay in English there, like the severity reasons of the report.
import type { Lang } from './index.js';

export type HealStatus = 'healed' | 'failed' | 'verify_failed';

export interface HealMessages {
  planTitle: string;
  undoTitle: (planId: string) => string;
  dryRun: string;
  unattended: string;
  demoNote: string;
  planId: (id: string) => string;
  counts: (actions: number, skipped: number) => string;
  nothingToHeal: string;
  disruptive: (what: string) => string;
  notReversible: string;
  skippedTitle: (count: number) => string;
  applyHint: string;
  incomplete: string;
  /** The question asked on a terminal, answered with y/N. */
  confirm: (actions: number) => string;
  /** Answers that mean yes (lower case). */
  yes: readonly string[];
  declined: string;
  needsConfirmation: string;
  needsConfirmationHint: string;
  planIdMismatch: (given: string, current: string) => string;
  planIdMismatchHint: string;
  refusedTitle: string;
  refusedPlanChanged: string;
  /** The check right before a write found AWS no longer had the planned values (another checkout ran?). */
  refusedBeforeWrite: (action: number, operation: string, state: 'already_in_effect' | 'changed' | 'gone', written: number) => string;
  resultsTitle: string;
  status: Record<HealStatus, string>;
  summary: (healed: number, failed: number, verifyFailed: number, seconds: string) => string;
  undoHint: string;
  recheck: (remaining: number) => string;
  journalTitle: string;
  journalEmpty: string;
  journalRun: (kind: 'heal' | 'undo', startedAt: string, approvedBy: string) => string;
  journalCounts: (healed: number, failed: number, verifyFailed: number, interrupted: number) => string;
  undoOf: (planId: string) => string;
  /** An action journaled as started with no outcome: the process stopped during the call. */
  interrupted: string;
  /** A write with no clear answer whose outcome was learned by re-reading AWS. */
  unclearOutcome: (outcome: 'applied' | 'not_applied' | 'unknown' | undefined) => string;
  /** Marks a journal outcome written later, by re-reading AWS after an interrupted run. */
  reconciledMark: string;
  /** Interrupted actions of earlier runs settled by re-reading AWS before this command ran. */
  reconciled: (settled: number, unsettled: number) => string;
  reconcileBusy: string;
  reconcileUnavailable: (reason: string) => string;
  /** Apply mode over an incomplete read: what was read was healed, the rest was not touched. */
  outcomeIncomplete: string;
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

const en: HealMessages = {
  planTitle: 'Healing plan',
  undoTitle: (planId) => `Undo plan for ${planId}`,
  dryRun: 'Dry run: nothing was changed.',
  unattended: 'Unattended mode: only what the auto-heal policy allows.',
  demoNote: 'Demo: changes go to an in-memory copy of the sandbox account; nothing is saved.',
  planId: (id) => `Plan id: ${id}`,
  counts: (actions, skipped) => `${plural(actions, 'action', 'actions')}, ${skipped} skipped`,
  nothingToHeal: 'Nothing to heal.',
  disruptive: (what) => `DISRUPTIVE: ${what}`,
  notReversible: 'cannot be undone',
  skippedTitle: (count) => `Skipped (${count})`,
  applyHint: 'To apply:',
  incomplete: 'The check is incomplete: resources of types that could not be read are not in this plan.',
  confirm: (actions) => `Apply these ${plural(actions, 'action', 'actions')} to AWS? [y/N] `,
  yes: ['y', 'yes'],
  declined: 'Not applied: nothing was changed.',
  needsConfirmation: '--apply needs a confirmation and there is no terminal to ask on: nothing was changed.',
  needsConfirmationHint: 'review the plan, then run again with --yes --plan-id <id> to approve exactly that plan',
  planIdMismatch: (given, current) => `--plan-id ${given} is not the current plan (${current}): nothing was changed.`,
  planIdMismatchHint: 'the drift changed since that plan was shown; review the plan above and approve its id',
  refusedTitle: 'Refused',
  refusedPlanChanged: 'drift changed since the plan was shown; review the new plan',
  refusedBeforeWrite: (action, operation, state, written) =>
    `before action ${action} (${operation}) AWS ${
      state === 'already_in_effect'
        ? 'already had the change in effect: another run (another checkout or operator?) healed it'
        : state === 'gone'
          ? 'no longer had the resource'
          : 'no longer had the values this plan was computed from'
    }. Stopped: ${written === 0 ? 'nothing was written' : `only the ${plural(written, 'action', 'actions')} above ran`}; check again to see what is left`,
  resultsTitle: 'Results',
  status: { healed: 'healed', failed: 'FAILED', verify_failed: 'NOT VERIFIED' },
  summary: (healed, failed, verifyFailed, seconds) =>
    `${healed} healed, ${failed} failed, ${verifyFailed} not verified (${seconds} s)`,
  undoHint: 'To undo:',
  recheck: (remaining) =>
    remaining === 0 ? 'Re-check: in sync.' : `Re-check: ${plural(remaining, 'item still drifts', 'items still drift')} (see \`ialctl drift check\`).`,
  journalTitle: 'Heal journal',
  journalEmpty: 'The journal is empty: no heal has run here yet.',
  journalRun: (kind, startedAt, approvedBy) => `${kind === 'undo' ? 'undo' : 'heal'} at ${startedAt}, approved by ${approvedBy}`,
  journalCounts: (healed, failed, verifyFailed, interrupted) =>
    `${healed} healed, ${failed} failed, ${verifyFailed} not verified${interrupted > 0 ? `, ${interrupted} interrupted (outcome unknown)` : ''}`,
  undoOf: (planId) => `undoes ${planId}`,
  interrupted: 'INTERRUPTED (outcome unknown)',
  unclearOutcome: (outcome) =>
    `AWS gave no clear answer; re-reading it ${
      outcome === 'applied' ? 'shows the change in effect' : outcome === 'not_applied' ? 'shows the previous values: not applied' : 'could not confirm the change: outcome unknown'
    }`,
  reconciledMark: '(reconciled by re-reading AWS after an interrupted run)',
  reconciled: (settled, unsettled) =>
    `Earlier interrupted heal: ${plural(settled, 'action was', 'actions were')} reconciled by re-reading AWS` +
    `${unsettled > 0 ? `; ${unsettled} could not be (AWS could not be read) and stay interrupted` : ''} (see \`ialctl drift heal --journal\`).`,
  reconcileBusy: 'Interrupted actions were not reconciled: another heal of this account/region is running.',
  reconcileUnavailable: (reason) => `Interrupted actions were not reconciled: AWS could not be opened (${reason}).`,
  outcomeIncomplete: 'The check was incomplete: resources of types that could not be read were not healed. Exit 1.',
};

const pt: HealMessages = {
  planTitle: 'Plano de correção',
  undoTitle: (planId) => `Plano para desfazer ${planId}`,
  dryRun: 'Simulação: nada foi alterado.',
  unattended: 'Modo automático: só o que a política de auto-correção permite.',
  demoNote: 'Demo: as mudanças vão para uma cópia em memória da conta sandbox; nada é salvo.',
  planId: (id) => `Id do plano: ${id}`,
  counts: (actions, skipped) => `${plural(actions, 'ação', 'ações')}, ${skipped} ${skipped === 1 ? 'ignorado' : 'ignorados'}`,
  nothingToHeal: 'Nada a corrigir.',
  disruptive: (what) => `INTERROMPE: ${what}`,
  notReversible: 'não pode ser desfeita',
  skippedTitle: (count) => `Ignorados (${count})`,
  applyHint: 'Para aplicar:',
  incomplete: 'A verificação está incompleta: recursos de tipos que não puderam ser lidos não estão neste plano.',
  confirm: (actions) => `Aplicar ${actions === 1 ? 'esta ação' : `estas ${actions} ações`} na AWS? [s/N] `,
  yes: ['s', 'sim', 'y', 'yes'],
  declined: 'Não aplicado: nada foi alterado.',
  needsConfirmation: '--apply precisa de confirmação e não há terminal para perguntar: nada foi alterado.',
  needsConfirmationHint: 'revise o plano e rode de novo com --yes --plan-id <id> para aprovar exatamente esse plano',
  planIdMismatch: (given, current) => `--plan-id ${given} não é o plano atual (${current}): nada foi alterado.`,
  planIdMismatchHint: 'o drift mudou desde que esse plano foi mostrado; revise o plano acima e aprove o id dele',
  refusedTitle: 'Recusado',
  refusedPlanChanged: 'o drift mudou desde que o plano foi mostrado; revise o novo plano',
  refusedBeforeWrite: (action, operation, state, written) =>
    `antes da ação ${action} (${operation}) a AWS ${
      state === 'already_in_effect'
        ? 'já tinha a mudança em vigor: outra execução (outro checkout ou operador?) já a corrigiu'
        : state === 'gone'
          ? 'não tinha mais o recurso'
          : 'não tinha mais os valores a partir dos quais este plano foi calculado'
    }. Parado: ${written === 0 ? 'nada foi gravado' : `só ${written === 1 ? 'a ação acima rodou' : `as ${written} ações acima rodaram`}`}; verifique de novo para ver o que falta`,
  resultsTitle: 'Resultados',
  status: { healed: 'corrigido', failed: 'FALHOU', verify_failed: 'NÃO VERIFICADO' },
  summary: (healed, failed, verifyFailed, seconds) =>
    `${healed} ${healed === 1 ? 'corrigido' : 'corrigidos'}, ${failed} com falha, ${verifyFailed} não ${verifyFailed === 1 ? 'verificado' : 'verificados'} (${seconds} s)`,
  undoHint: 'Para desfazer:',
  recheck: (remaining) =>
    remaining === 0
      ? 'Nova verificação: em sincronia.'
      : `Nova verificação: ${plural(remaining, 'item ainda tem', 'itens ainda têm')} drift (veja \`ialctl drift check\`).`,
  journalTitle: 'Diário de correções',
  journalEmpty: 'O diário está vazio: nenhuma correção rodou aqui ainda.',
  journalRun: (kind, startedAt, approvedBy) => `${kind === 'undo' ? 'desfazer' : 'correção'} em ${startedAt}, aprovado por ${approvedBy}`,
  journalCounts: (healed, failed, verifyFailed, interrupted) =>
    `${healed} corrigidos, ${failed} com falha, ${verifyFailed} não verificados${interrupted > 0 ? `, ${interrupted} interrompidos (resultado desconhecido)` : ''}`,
  undoOf: (planId) => `desfaz ${planId}`,
  interrupted: 'INTERROMPIDO (resultado desconhecido)',
  unclearOutcome: (outcome) =>
    `a AWS não deu resposta clara; relendo-a, ${
      outcome === 'applied' ? 'a mudança está em vigor' : outcome === 'not_applied' ? 'os valores anteriores continuam: não foi aplicada' : 'não foi possível confirmar a mudança: resultado desconhecido'
    }`,
  reconciledMark: '(conciliado relendo a AWS após uma execução interrompida)',
  reconciled: (settled, unsettled) =>
    `Correção interrompida antes: ${settled === 1 ? '1 ação foi conciliada' : `${settled} ações foram conciliadas`} relendo a AWS` +
    `${unsettled > 0 ? `; ${unsettled} não ${unsettled === 1 ? 'pôde' : 'puderam'} ser (a AWS não pôde ser lida) e ${unsettled === 1 ? 'continua interrompida' : 'continuam interrompidas'}` : ''} (veja \`ialctl drift heal --journal\`).`,
  reconcileBusy: 'Ações interrompidas não foram conciliadas: outra correção desta conta/região está rodando.',
  reconcileUnavailable: (reason) => `Ações interrompidas não foram conciliadas: não foi possível abrir a AWS (${reason}).`,
  outcomeIncomplete: 'A verificação estava incompleta: recursos de tipos que não puderam ser lidos não foram corrigidos. Saída 1.',
};

const CATALOGUES: Record<Lang, HealMessages> = { pt, en };

export function healMessages(lang: Lang): HealMessages {
  return CATALOGUES[lang];
}
