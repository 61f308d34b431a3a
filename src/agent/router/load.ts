import type { Lang } from '../../i18n/index.js';
import { loadCorpus, type Utterance } from './corpus.js';

export const LANGS_WITH_CORPUS: readonly Lang[] = ['pt', 'en'];

export function loadAllUtterances(): Utterance[] {
  return LANGS_WITH_CORPUS.flatMap((lang) => loadCorpus(lang).utterances);
}
