// A loopback HTTP server speaking the part of GitHub's REST API that reverse sync uses, with the
// response shapes (and error bodies) GitHub sends. Each test scripts what it answers and reads what it got.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface OpenPull {
  number: number;
  head: string;
  body: string;
}

export interface ScriptedError {
  status: number;
  body: unknown;
}

export interface GitHubScript {
  /** Open pull requests `GET /repos/{o}/{r}/pulls` lists. */
  open: OpenPull[];
  /** Answer to `POST /repos/{o}/{r}/pulls` instead of creating one. */
  createError?: ScriptedError;
  /** Answer to the listing instead of the open pull requests. */
  listError?: ScriptedError;
}

export const ERRORS = {
  badCredentials: { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } },
  alreadyExists: (head: string): ScriptedError => ({
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for acme:${head}.` }],
      documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
      status: '422',
    },
  }),
} as const;

export interface FakeGitHub {
  url: string;
  requests: RecordedRequest[];
  script: GitHubScript;
  close(): Promise<void>;
}

function pull(owner: string, repo: string, number: number, head: string, body: string, sha = 'a'.repeat(40)) {
  return {
    number,
    state: 'open',
    html_url: `https://github.com/${owner}/${repo}/pull/${number}`,
    url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}`,
    title: 'Reverse Sync: AWS → Git',
    body,
    head: { ref: head, sha, label: `${owner}:${head}` },
    base: { ref: 'main', sha: 'b'.repeat(40), label: `${owner}:main` },
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json' });
  res.end(JSON.stringify(body));
}

export async function startFakeGitHub(script: Partial<GitHubScript> = {}): Promise<FakeGitHub> {
  const state: GitHubScript = { open: [], ...script };
  const requests: RecordedRequest[] = [];
  let next = 41;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      requests.push({ method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body });
      const match = /^\/repos\/([^/]+)\/([^/]+)\/pulls(?:\/(\d+))?$/.exec(url.pathname);
      if (!match) return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
      const [, owner = '', repo = '', number] = match;
      if (req.method === 'GET' && !number) {
        if (state.listError) return send(res, state.listError.status, state.listError.body);
        const head = url.searchParams.get('head');
        const list = state.open.filter((p) => head === null || `${owner}:${p.head}` === head);
        return send(res, 200, list.map((p) => pull(owner, repo, p.number, p.head, p.body)));
      }
      if (req.method === 'POST' && !number) {
        if (state.createError) return send(res, state.createError.status, state.createError.body);
        const b = body as { head: string; body: string };
        const created = { number: ++next, head: b.head, body: b.body };
        state.open.push(created);
        return send(res, 201, pull(owner, repo, created.number, created.head, created.body, 'c'.repeat(40)));
      }
      if (req.method === 'PATCH' && number) {
        const existing = state.open.find((p) => p.number === Number(number));
        if (!existing) return send(res, 404, { message: 'Not Found', status: '404' });
        existing.body = (body as { body: string }).body;
        return send(res, 200, pull(owner, repo, existing.number, existing.head, existing.body, 'd'.repeat(40)));
      }
      return send(res, 404, { message: 'Not Found', status: '404' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: state,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on loopback that nothing listens on: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
