import { describe, expect, it } from 'vitest';
import { failedOperation } from './errors.js';
import { collectPages, PaginationError } from './pagination.js';

interface Page {
  items: number[];
  next?: string;
}

/** A page source that counts how many pages were requested, like an SDK paginator makes one call per page. */
function pagesOf(tokens: ReadonlyArray<string | undefined>) {
  const counter = { requested: 0 };
  async function* pages(): AsyncGenerator<Page> {
    for (const [i, next] of tokens.entries()) {
      counter.requested++;
      yield next === undefined ? { items: [i] } : { items: [i], next };
    }
  }
  return { pages: pages(), counter };
}

const call = (pages: AsyncIterable<Page>, maxPages?: number) =>
  collectPages({ operation: 'ec2:DescribeVpcs', pages, items: (p) => p.items, nextToken: (p) => p.next, maxPages });

describe('collectPages', () => {
  it('returns the items of every page until a page has no token', async () => {
    const { pages, counter } = pagesOf(['a', 'b', undefined, 'never-requested']);

    expect(await call(pages)).toEqual([0, 1, 2]);
    expect(counter.requested).toBe(3);
  });

  it('treats an empty token as the end, like the SDK paginators', async () => {
    const { pages } = pagesOf(['a', '']);

    expect(await call(pages)).toEqual([0, 1]);
  });

  it('stops at a repeated token without requesting another page, marking the operation', async () => {
    const { pages, counter } = pagesOf(['A', 'A', 'A', 'A']);

    const error = await call(pages).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({ code: 'PaginationLoop', name: 'PaginationLoop', operation: 'ec2:DescribeVpcs', pages: 2 });
    expect(failedOperation(error)).toBe('ec2:DescribeVpcs');
    expect(counter.requested).toBe(2);
  });

  it('detects a cycle A→B→C→A on the page that closes it', async () => {
    const { pages, counter } = pagesOf(['A', 'B', 'C', 'A', 'B']);

    await expect(call(pages)).rejects.toMatchObject({ code: 'PaginationLoop', pages: 4 });
    expect(counter.requested).toBe(4);
  });

  it('stops at the cap with pages still to come, but not when the last allowed page is the last one', async () => {
    const endless = pagesOf(['1', '2', '3', '4', '5']);
    await expect(call(endless.pages, 3)).rejects.toMatchObject({ code: 'TooManyPages', pages: 3 });
    expect(endless.counter.requested).toBe(3);

    const exact = pagesOf(['1', '2', undefined]);
    expect(await call(exact.pages, 3)).toEqual([0, 1, 2]);
  });

  it('rejects a cap below one', async () => {
    await expect(call(pagesOf([]).pages, 0)).rejects.toThrow('maxPages must be a positive integer, got 0');
  });
});
