// The offline assistant's conversation-level sentences (small talk, out-of-scope answers, clarifying
// questions, history hints, filtered views), pt and en. Values passed in are already sanitized.
import type { Lang } from './index.js';

export type OutOfScopeKind = 'delete' | 'restart' | 'scale' | 'access' | 'create' | 'deploy' | 'other';
export type ClarifyOption = 'check' | 'detail' | 'heal' | 'reverse_sync' | 'explain' | 'since_when' | 'critical_now';

export interface AssistantMessages {
  greeting: string;
  thanks: string;
  laugh: string;
  bye: string;
  ack: string;
  whatIsDrift: string;
  outOfScope: (kind: OutOfScopeKind) => string;
  /** What ialctl can do, after an out-of-scope answer. */
  canDo: string;
  clarifyIntent: (first: ClarifyOption, second: ClarifyOption) => string;
  whichOne: (candidates: string) => string;
  historyHowRecorded: string;
  historySinceNone: string;
  historySinceTitle: (count: number) => string;
  filteredTitle: (shown: number, total: number, filter: string) => string;
  filteredNone: (filter: string) => string;
  filterSeverity: (severity: string) => string;
  filterTypes: (types: string) => string;
  readOnlyNote: string;
  stillPending: string;
  nothingToDoScoped: (what: string) => string;
}

const PT_OPTIONS: Record<ClarifyOption, string> = {
  check: 'verificar o drift (só leitura)',
  detail: 'mostrar as diferenças desse recurso (só leitura)',
  heal: 'reverter as mudanças na AWS para o que está no Git',
  reverse_sync: 'levar as mudanças da AWS para o Git (reverse sync)',
  explain: 'explicar o drift',
  since_when: 'ver o histórico do drift',
  critical_now: 'listar o que é crítico agora',
};
const EN_OPTIONS: Record<ClarifyOption, string> = {
  check: 'check drift (read only)',
  detail: "show that resource's differences (read only)",
  heal: 'revert the changes in AWS to what Git declares',
  reverse_sync: 'bring the AWS changes into Git (reverse sync)',
  explain: 'explain the drift',
  since_when: 'show the drift history',
  critical_now: "list what's critical right now",
};

const pt: AssistantMessages = {
  greeting: 'Oi! Posso verificar o drift entre o Git e a AWS, explicar o que mudou, reverter na AWS ou levar as mudanças para o Git. Por onde começamos? (ex.: "verificar drift")',
  thanks: 'Por nada! Se precisar, é só pedir "verificar drift".',
  laugh: '😄 Se quiser, peço um "verificar drift" para ver como está a conta.',
  bye: 'Até mais! Nada ficou pendente sem a sua confirmação.',
  ack: 'Certo. Quando quiser, peça "verificar drift" ou diga o recurso que quer ver.',
  whatIsDrift:
    'Drift é a diferença entre o que os arquivos de fase no Git declaram e o que está de fato na AWS — em geral uma mudança feita à mão no console. ' +
    'Eu comparo os dois lados ("verificar drift"), explico cada diferença, e você escolhe: reverter na AWS para o que está no Git, ou levar a mudança para o Git (reverse sync, com PR).',
  outOfScope: (kind) =>
    ({
      delete: 'Não apago nem encerro recursos: o ialctl só compara, reverte drift para o que está no Git ou leva mudanças para o Git.',
      restart: 'Não reinicio nem paro recursos: isso é operação, não drift.',
      scale: 'Não altero capacidade para um número novo: eu só reverto para o valor que está no Git ou levo o valor da AWS para o Git.',
      access: 'Não concedo acesso nem mexo em permissões ou usuários.',
      create: 'Não crio recursos novos: para isso, declare-os nos arquivos de fase e faça o deploy.',
      deploy: 'Não faço deploy: eu comparo o Git com a AWS e corrijo o drift entre eles.',
      other: 'Isso está fora do que eu faço.',
    })[kind],
  canDo: 'Posso: verificar drift, mostrar as diferenças de um recurso, explicar, ver o histórico, reverter na AWS ou fazer reverse sync para o Git — sempre com a sua confirmação.',
  clarifyIntent: (a, b) => `Não tenho certeza do que você quer. Prefere ${PT_OPTIONS[a]} (1) ou ${PT_OPTIONS[b]} (2)?`,
  whichOne: (candidates) => `Qual deles? ${candidates}`,
  historyHowRecorded:
    'Ainda não há histórico gravado: ele é registrado por "ialctl drift watch" (verificações agendadas; "--once" faz uma só). Verificações no chat e "drift check" não gravam histórico.',
  historySinceNone: 'Não há episódios de drift registrados no histórico para esse período.',
  historySinceTitle: (n) => `${n} ${n === 1 ? 'episódio de drift registrado' : 'episódios de drift registrados'} no histórico:`,
  filteredTitle: (shown, total, filter) => `${shown} de ${total} ${total === 1 ? 'item' : 'itens'} de drift (${filter}):`,
  filteredNone: (filter) => `Nenhum item de drift (${filter}).`,
  filterSeverity: (severity) => `severidade ${severity} ou acima`,
  filterTypes: (types) => `tipos ${types}`,
  readOnlyNote: 'Só leitura: não alterei nada.',
  stillPending: 'O plano anterior continua esperando a sua confirmação.',
  nothingToDoScoped: (what) => `Nada a fazer para ${what}: não há drift que eu possa tratar aí.`,
};

const en: AssistantMessages = {
  greeting: 'Hi! I can check drift between Git and AWS, explain what changed, revert it in AWS or bring the changes into Git. Where do we start? (e.g. "check drift")',
  thanks: 'You are welcome! Ask "check drift" whenever you need.',
  laugh: '😄 If you like, ask "check drift" to see how the account looks.',
  bye: 'See you! Nothing was left running without your confirmation.',
  ack: 'OK. Whenever you want, ask "check drift" or name the resource you want to see.',
  whatIsDrift:
    'Drift is the difference between what the phase files in Git declare and what is actually live in AWS — usually a change made by hand in the console. ' +
    'I compare both sides ("check drift"), explain each difference, and you choose: revert AWS to what Git declares, or bring the change into Git (reverse sync, with a PR).',
  outOfScope: (kind) =>
    ({
      delete: "I don't delete or terminate resources: ialctl only compares, reverts drift to what Git declares, or brings changes into Git.",
      restart: "I don't restart or stop resources: that is operations, not drift.",
      scale: "I don't change capacity to a new number: I only revert to the value in Git or bring the AWS value into Git.",
      access: "I don't grant access or change permissions or users.",
      create: "I don't create new resources: declare them in the phase files and deploy them.",
      deploy: "I don't deploy: I compare Git with AWS and fix the drift between them.",
      other: "That's outside what I do.",
    })[kind],
  canDo: 'I can: check drift, show one resource\'s differences, explain them, show the history, revert in AWS or reverse-sync into Git — always with your confirmation.',
  clarifyIntent: (a, b) => `I'm not sure what you want. Should I ${EN_OPTIONS[a]} (1) or ${EN_OPTIONS[b]} (2)?`,
  whichOne: (candidates) => `Which one? ${candidates}`,
  historyHowRecorded:
    'No history has been recorded yet: it is recorded by "ialctl drift watch" (scheduled checks; "--once" runs one). Checks in the chat and "drift check" do not record history.',
  historySinceNone: 'No drift episodes are recorded in the history for that period.',
  historySinceTitle: (n) => `${n} drift ${n === 1 ? 'episode' : 'episodes'} recorded in the history:`,
  filteredTitle: (shown, total, filter) => `${shown} of ${total} drift ${total === 1 ? 'item' : 'items'} (${filter}):`,
  filteredNone: (filter) => `No drift items (${filter}).`,
  filterSeverity: (severity) => `severity ${severity} or above`,
  filterTypes: (types) => `types ${types}`,
  readOnlyNote: 'Read only: I changed nothing.',
  stillPending: 'The previous plan is still waiting for your confirmation.',
  nothingToDoScoped: (what) => `Nothing to do for ${what}: there is no drift I can act on there.`,
};

const CATALOGUES: Record<Lang, AssistantMessages> = { pt, en };

export function assistantMessages(lang: Lang): AssistantMessages {
  return CATALOGUES[lang];
}
