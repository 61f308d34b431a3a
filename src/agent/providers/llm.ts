// Which language model answers, from the environment. With no key the offline router answers.
//   IAL_PROVIDER   anthropic | bedrock | offline (default: anthropic when ANTHROPIC_API_KEY is set, else offline)
//   IAL_MODEL      model id (default below, per provider)
//   ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL           for the Anthropic API
//   AWS_REGION / --region, AWS_PROFILE / --profile   for Amazon Bedrock (the AWS default credential chain)
import type { LlmClient } from '../loop.js';

/** Claude Sonnet 5 (id format per the model-ids doc: no minor segment for major releases): the current speed/intelligence balance, suited to an interactive tool loop. */
export const DEFAULT_MODEL = 'claude-sonnet-5';
export const DEFAULT_BEDROCK_MODEL = 'anthropic.claude-sonnet-5';
export const DEFAULT_MAX_TOKENS = 4096;
/** The SDK retries 408/409/429/5xx with backoff, honouring retry-after. */
export const DEFAULT_MAX_RETRIES = 3;

export interface LlmProvider {
  mode: 'anthropic' | 'bedrock';
  label: string;
  model: string;
  maxTokens: number;
  client: LlmClient;
}

export type ProviderChoice =
  | { kind: 'offline' }
  | { kind: 'anthropic'; apiKey: string; baseURL?: string; model: string }
  | { kind: 'bedrock'; region?: string; model: string };

export class ProviderConfigError extends Error {
  override name = 'ProviderConfigError';
}

export function chooseProvider(env: NodeJS.ProcessEnv, aws: { region?: string } = {}): ProviderChoice {
  const requested = env['IAL_PROVIDER']?.trim().toLowerCase() || undefined;
  const key = env['ANTHROPIC_API_KEY']?.trim() || undefined;
  const model = env['IAL_MODEL']?.trim() || undefined;
  const baseURL = env['ANTHROPIC_BASE_URL']?.trim() || undefined;
  switch (requested) {
    case undefined:
      return key ? { kind: 'anthropic', apiKey: key, model: model ?? DEFAULT_MODEL, ...(baseURL ? { baseURL } : {}) } : { kind: 'offline' };
    case 'offline':
      return { kind: 'offline' };
    case 'anthropic':
      if (!key) throw new ProviderConfigError('IAL_PROVIDER=anthropic needs ANTHROPIC_API_KEY; set it, or unset IAL_PROVIDER to use the offline assistant');
      return { kind: 'anthropic', apiKey: key, model: model ?? DEFAULT_MODEL, ...(baseURL ? { baseURL } : {}) };
    case 'bedrock': {
      const region = aws.region ?? (env['AWS_REGION']?.trim() || env['AWS_DEFAULT_REGION']?.trim() || undefined);
      return { kind: 'bedrock', model: model ?? DEFAULT_BEDROCK_MODEL, ...(region ? { region } : {}) };
    }
    default:
      throw new ProviderConfigError(`IAL_PROVIDER must be anthropic, bedrock or offline, got "${requested}"`);
  }
}

/** Builds the SDK client for a choice (loaded lazily: the offline path never loads the SDK). */
export async function createProvider(choice: Exclude<ProviderChoice, { kind: 'offline' }>, options: { maxRetries?: number } = {}): Promise<LlmProvider> {
  const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
  if (choice.kind === 'anthropic') {
    const { default: Anthropic } = await import('@anthropic-ai/sdk');
    const client = new Anthropic({ apiKey: choice.apiKey, maxRetries, ...(choice.baseURL ? { baseURL: choice.baseURL } : {}) });
    return { mode: 'anthropic', label: 'Anthropic API', model: choice.model, maxTokens: DEFAULT_MAX_TOKENS, client };
  }
  const { AnthropicBedrock } = await import('@anthropic-ai/bedrock-sdk');
  const client = new AnthropicBedrock({ maxRetries, ...(choice.region ? { awsRegion: choice.region } : {}) });
  return { mode: 'bedrock', label: 'Amazon Bedrock', model: choice.model, maxTokens: DEFAULT_MAX_TOKENS, client };
}
