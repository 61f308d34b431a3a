import { describe, expect, it } from 'vitest';
import { chooseProvider, createProvider, DEFAULT_BEDROCK_MODEL, DEFAULT_MODEL } from './llm.js';

describe('chooseProvider', () => {
  it('is offline without a key, and the Anthropic API with one', () => {
    expect(chooseProvider({})).toEqual({ kind: 'offline' });
    expect(chooseProvider({ ANTHROPIC_API_KEY: '  ' })).toEqual({ kind: 'offline' });
    expect(chooseProvider({ ANTHROPIC_API_KEY: 'sk-1' })).toEqual({ kind: 'anthropic', apiKey: 'sk-1', model: DEFAULT_MODEL });
    expect(DEFAULT_MODEL).toBe('claude-sonnet-5');
  });

  it('takes the model from IAL_MODEL and the endpoint from ANTHROPIC_BASE_URL', () => {
    expect(chooseProvider({ ANTHROPIC_API_KEY: 'sk-1', IAL_MODEL: 'claude-opus-5', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' })).toEqual({
      kind: 'anthropic', apiKey: 'sk-1', model: 'claude-opus-5', baseURL: 'http://127.0.0.1:9',
    });
  });

  it('IAL_PROVIDER=offline wins over a key; bedrock takes the region from --region or the environment', () => {
    expect(chooseProvider({ ANTHROPIC_API_KEY: 'sk-1', IAL_PROVIDER: 'offline' })).toEqual({ kind: 'offline' });
    expect(chooseProvider({ IAL_PROVIDER: 'bedrock', AWS_REGION: 'eu-west-1' })).toEqual({ kind: 'bedrock', model: DEFAULT_BEDROCK_MODEL, region: 'eu-west-1' });
    expect(chooseProvider({ IAL_PROVIDER: 'Bedrock', AWS_REGION: 'eu-west-1' }, { region: 'sa-east-1' })).toMatchObject({ region: 'sa-east-1' });
  });

  it('says what is missing or wrong', () => {
    expect(() => chooseProvider({ IAL_PROVIDER: 'anthropic' })).toThrow('IAL_PROVIDER=anthropic needs ANTHROPIC_API_KEY');
    expect(() => chooseProvider({ IAL_PROVIDER: 'gpt' })).toThrow('IAL_PROVIDER must be anthropic, bedrock or offline, got "gpt"');
  });
});

describe('createProvider', () => {
  it('builds a Bedrock client exposing the same streaming messages API the loop uses', async () => {
    const provider = await createProvider({ kind: 'bedrock', region: 'us-west-2', model: 'anthropic.claude-sonnet-5' });
    expect(provider).toMatchObject({ mode: 'bedrock', label: 'Amazon Bedrock', model: 'anthropic.claude-sonnet-5' });
    expect(typeof provider.client.messages.stream).toBe('function');
    expect((provider.client as unknown as { awsRegion: string }).awsRegion).toBe('us-west-2');
  });
});
