// Messages of `ialctl reverse-sync` (terminal, commit message and pull request), in Portuguese and
// English. Why an item was left unresolved comes from the drift core and stays in English, like the
// severity reasons of the report.
import type { Lang } from './index.js';

export type SyncChangeKind =
  | 'set' | 'set-parameter' | 'add-element' | 'remove-element' | 'remove-property' | 'remove-resource' | 'add-resource';

export interface SyncMessages {
  /** Title of the command's output and of the pull request (the same in both languages: PRs are searched by it). */
  title: string;
  base: (branch: string, startPoint: string, commit: string) => string;
  workingFiles: string;
  dryRun: string;
  nothingToSync: string;
  changesTitle: (changes: number, files: number) => string;
  newFile: string;
  /** One change, `subject` being `WebService DesiredCount` or the like. */
  change: (kind: SyncChangeKind, subject: string, from: string, to: string, parameter?: string) => string;
  proofOk: (items: number) => string;
  proofFailed: string;
  proofStill: (resource: string, paths: string) => string;
  proofIntroduced: (resource: string, paths: string) => string;
  proofLoadError: string;
  proofHint: string;
  unresolvedTitle: (count: number) => string;
  confirm: (branch: string, base: string) => string;
  yes: readonly string[];
  declined: string;
  needsConfirmation: string;
  needsConfirmationHint: string;
  committed: (branch: string, commit: string) => string;
  pushed: (remote: string) => string;
  notPushedNoRemote: string;
  prOpened: (number: number, url: string) => string;
  prUpdated: (number: number, url: string) => string;
  prExisting: (number: number, branch: string) => string;
  nextStepsTitle: string;
  stepPush: (branch: string) => string;
  stepOpenPr: (branch: string, base: string) => string;
  stepComparePage: (url: string) => string;
  stepToken: string;
  demoRepository: (dir: string) => string;
  demoInspect: (dir: string, branch: string) => string;
  prError: string;
  // Pull request and commit message.
  prIntro: (account: string, region: string, checkedAt: string) => string;
  prTableHeader: readonly [string, string, string, string];
  prReportTitle: string;
  prProofTitle: string;
  prProofBody: (items: number) => string;
  prUnresolvedTitle: string;
  prNoUnresolved: string;
  prFooter: string;
  commitSubject: (changes: number, files: number) => string;
  commitBody: (account: string, region: string, checkedAt: string) => string;
  commitUnresolved: string;
}

const plural = (n: number, one: string, other: string): string => `${n} ${n === 1 ? one : other}`;

const en: SyncMessages = {
  title: 'Reverse Sync: AWS → Git',
  base: (branch, startPoint, commit) => `base: ${branch} (${startPoint} at ${commit.slice(0, 7)})`,
  workingFiles: 'not a Git repository: comparing the files on disk',
  dryRun: 'dry run: nothing was written',
  nothingToSync: 'Nothing to sync: the selected drift leaves no change to make in the phase files.',
  changesTitle: (changes, files) => `${plural(changes, 'change', 'changes')} in ${plural(files, 'file', 'files')}:`,
  newFile: '(new file)',
  change: (kind, subject, from, to, parameter) => {
    switch (kind) {
      case 'set':
        return `${subject}: ${from} → ${to}`;
      case 'set-parameter':
        return `${subject}: parameter ${parameter ?? ''} ${from} → ${to}`;
      case 'add-element':
        return `${subject}: + ${to}`;
      case 'remove-element':
        return `${subject}: − ${from}`;
      case 'remove-property':
        return `${subject}: removed (${from}), unset in AWS`;
      case 'remove-resource':
        return `${subject}: declaration removed (gone from AWS)`;
      case 'add-resource':
        return `${subject}: declared from the live ${to}`;
    }
  },
  proofOk: (n) => `Zero-diff proof: the edited phases, compared again with the same live state, no longer show the ${plural(n, 'synced item', 'synced items')}.`,
  proofFailed: 'Zero-diff proof FAILED: the edited phases still differ from AWS, so no branch was created.',
  proofStill: (resource, paths) => `still different: ${resource} ${paths}`,
  proofIntroduced: (resource, paths) => `new difference: ${resource} ${paths}`,
  proofLoadError: 'the edited phases do not load:',
  proofHint: 'sync the listed resources by hand, or leave them out with --resource',
  unresolvedTitle: (n) => `Left for a person (${n}):`,
  confirm: (branch, base) => `Create branch ${branch} from ${base} with these changes? [y/N] `,
  yes: ['y', 'yes'],
  declined: 'Cancelled: nothing was written.',
  needsConfirmation: 'reverse-sync changes Git and needs a confirmation, but there is no terminal to ask on',
  needsConfirmationHint: 'review with --dry-run, then run again with --yes',
  committed: (branch, commit) => `Branch ${branch} created with commit ${commit.slice(0, 7)}.`,
  pushed: (remote) => `Pushed to ${remote}.`,
  notPushedNoRemote: 'Not pushed: the repository has no origin remote.',
  prOpened: (n, url) => `Pull request #${n} opened: ${url}`,
  prUpdated: (n, url) => `Pull request #${n} updated: ${url}`,
  prExisting: (n, branch) => `An open reverse-sync pull request (#${n}, branch ${branch}) already holds these changes: it was updated, no new branch was created.`,
  nextStepsTitle: 'Next steps:',
  stepPush: (branch) => `git push -u origin ${branch}`,
  stepOpenPr: (branch, base) => `open a pull request from ${branch} into ${base}`,
  stepComparePage: (url) => `open the pull request: ${url}`,
  stepToken: 'set GITHUB_TOKEN (or GH_TOKEN) to let ialctl open the pull request itself',
  demoRepository: (dir) => `Demo repository (a throwaway copy of the bundled phases): ${dir}`,
  demoInspect: (dir, branch) => `see the commit: git -C ${dir} show --stat ${branch}`,
  prError: 'The branch is in place; the pull request was not opened:',
  prIntro: (account, region, checkedAt) =>
    `Live values from AWS account ${account} (${region}), read at ${checkedAt}, written back into the phase files. Review them: merging makes these values the desired state.`,
  prTableHeader: ['Resource', 'Property', 'Old → new', 'File'],
  prReportTitle: 'Drift report (synced items)',
  prProofTitle: 'Zero-diff proof',
  prProofBody: (n) => `The phases of this branch were reloaded and compared again with the same live state: the ${plural(n, 'synced item', 'synced items')} no longer show drift, and no new difference appeared.`,
  prUnresolvedTitle: 'Left unresolved',
  prNoUnresolved: 'Nothing: every selected item was synced.',
  prFooter: 'Opened by `ialctl reverse-sync`.',
  commitSubject: (changes, files) => `Reverse sync: AWS → Git (${plural(changes, 'change', 'changes')} in ${plural(files, 'file', 'files')})`,
  commitBody: (account, region, checkedAt) => `Live values from AWS account ${account} (${region}), read at ${checkedAt}:`,
  commitUnresolved: 'Left unresolved:',
};

const pt: SyncMessages = {
  title: 'Reverse Sync: AWS → Git',
  base: (branch, startPoint, commit) => `base: ${branch} (${startPoint} em ${commit.slice(0, 7)})`,
  workingFiles: 'não é um repositório Git: comparando os arquivos do disco',
  dryRun: 'simulação: nada foi gravado',
  nothingToSync: 'Nada a sincronizar: o drift selecionado não exige mudança nos arquivos de fase.',
  changesTitle: (changes, files) => `${plural(changes, 'mudança', 'mudanças')} em ${plural(files, 'arquivo', 'arquivos')}:`,
  newFile: '(arquivo novo)',
  change: (kind, subject, from, to, parameter) => {
    switch (kind) {
      case 'set':
        return `${subject}: ${from} → ${to}`;
      case 'set-parameter':
        return `${subject}: parâmetro ${parameter ?? ''} ${from} → ${to}`;
      case 'add-element':
        return `${subject}: + ${to}`;
      case 'remove-element':
        return `${subject}: − ${from}`;
      case 'remove-property':
        return `${subject}: removido (${from}), ausente na AWS`;
      case 'remove-resource':
        return `${subject}: declaração removida (não existe mais na AWS)`;
      case 'add-resource':
        return `${subject}: declarado a partir do recurso ${to}`;
    }
  },
  proofOk: (n) => `Prova de diff zero: as fases editadas, comparadas de novo com o mesmo estado da AWS, não mostram mais ${n === 1 ? 'o item sincronizado' : `os ${n} itens sincronizados`}.`,
  proofFailed: 'Prova de diff zero FALHOU: as fases editadas ainda diferem da AWS, então nenhum branch foi criado.',
  proofStill: (resource, paths) => `ainda diferente: ${resource} ${paths}`,
  proofIntroduced: (resource, paths) => `diferença nova: ${resource} ${paths}`,
  proofLoadError: 'as fases editadas não carregam:',
  proofHint: 'sincronize os recursos listados à mão, ou deixe-os de fora com --resource',
  unresolvedTitle: (n) => `Fica para uma pessoa (${n}):`,
  confirm: (branch, base) => `Criar o branch ${branch} a partir de ${base} com estas mudanças? [s/N] `,
  yes: ['s', 'sim', 'y', 'yes'],
  declined: 'Cancelado: nada foi gravado.',
  needsConfirmation: 'reverse-sync altera o Git e precisa de confirmação, mas não há terminal para perguntar',
  needsConfirmationHint: 'revise com --dry-run e rode de novo com --yes',
  committed: (branch, commit) => `Branch ${branch} criado com o commit ${commit.slice(0, 7)}.`,
  pushed: (remote) => `Enviado para ${remote}.`,
  notPushedNoRemote: 'Não enviado: o repositório não tem o remote origin.',
  prOpened: (n, url) => `Pull request #${n} aberto: ${url}`,
  prUpdated: (n, url) => `Pull request #${n} atualizado: ${url}`,
  prExisting: (n, branch) => `Um pull request de reverse-sync aberto (#${n}, branch ${branch}) já tem estas mudanças: ele foi atualizado e nenhum branch novo foi criado.`,
  nextStepsTitle: 'Próximos passos:',
  stepPush: (branch) => `git push -u origin ${branch}`,
  stepOpenPr: (branch, base) => `abra um pull request de ${branch} para ${base}`,
  stepComparePage: (url) => `abra o pull request: ${url}`,
  stepToken: 'defina GITHUB_TOKEN (ou GH_TOKEN) para o ialctl abrir o pull request sozinho',
  demoRepository: (dir) => `Repositório de demonstração (cópia descartável das fases de exemplo): ${dir}`,
  demoInspect: (dir, branch) => `veja o commit: git -C ${dir} show --stat ${branch}`,
  prError: 'O branch está no lugar; o pull request não foi aberto:',
  prIntro: (account, region, checkedAt) =>
    `Valores atuais da conta AWS ${account} (${region}), lidos em ${checkedAt}, gravados de volta nos arquivos de fase. Revise: o merge torna estes valores o estado desejado.`,
  prTableHeader: ['Recurso', 'Propriedade', 'Antigo → novo', 'Arquivo'],
  prReportTitle: 'Relatório de drift (itens sincronizados)',
  prProofTitle: 'Prova de diff zero',
  prProofBody: (n) => `As fases deste branch foram recarregadas e comparadas de novo com o mesmo estado da AWS: ${n === 1 ? 'o item sincronizado não mostra' : `os ${n} itens sincronizados não mostram`} mais drift, e nenhuma diferença nova apareceu.`,
  prUnresolvedTitle: 'Não resolvido',
  prNoUnresolved: 'Nada: todos os itens selecionados foram sincronizados.',
  prFooter: 'Aberto por `ialctl reverse-sync`.',
  commitSubject: (changes, files) => `Reverse sync: AWS → Git (${plural(changes, 'mudança', 'mudanças')} em ${plural(files, 'arquivo', 'arquivos')})`,
  commitBody: (account, region, checkedAt) => `Valores atuais da conta AWS ${account} (${region}), lidos em ${checkedAt}:`,
  commitUnresolved: 'Não resolvido:',
};

export function syncMessages(lang: Lang): SyncMessages {
  return lang === 'pt' ? pt : en;
}
