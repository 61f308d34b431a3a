// The one way readers page through a listing. A page token that comes back again (A→A, or A→B→A)
// means the listing would never end, and a reader that kept asking would issue requests forever and
// never report; a listing longer than the page cap is treated the same way. Both fail closed: the
// types the call serves are not checked, never reported from the pages read so far.
import { markFailedOperation } from './errors.js';

/**
 * Pages one call may take. Generous for real estates (1,000 pages of 100–1,000 records each), small
 * enough that a runaway listing ends in minutes rather than never.
 */
export const MAX_PAGES_PER_CALL = 1000;

/** Error code of a listing whose page token repeated. */
export const PAGINATION_LOOP = 'PaginationLoop';
/** Error code of a listing that still had more pages at the cap. */
export const TOO_MANY_PAGES = 'TooManyPages';

export class PaginationError extends Error {
  override readonly name: string;

  constructor(
    readonly code: typeof PAGINATION_LOOP | typeof TOO_MANY_PAGES,
    /** `service:Operation`, e.g. `ec2:DescribeVpcs`. */
    readonly operation: string,
    readonly pages: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export interface PagedCall<P, T> {
  /** `service:Operation` (the IAM action), named in the error. */
  operation: string;
  /** The SDK paginator (or any page source): pages are requested one at a time as they are consumed. */
  pages: AsyncIterable<P>;
  items(page: P): readonly T[] | undefined;
  /** The token this page hands to the next request (`NextToken`, `Marker`, `nextToken`). */
  nextToken(page: P): string | undefined;
  /** Default MAX_PAGES_PER_CALL. */
  maxPages?: number;
}

/** Every item of every page, or a PaginationError once a token repeats or the cap is reached. */
export async function collectPages<P, T>(call: PagedCall<P, T>): Promise<T[]> {
  const maxPages = call.maxPages ?? MAX_PAGES_PER_CALL;
  if (!Number.isInteger(maxPages) || maxPages < 1) throw new Error(`maxPages must be a positive integer, got ${maxPages}`);
  const seen = new Set<string>();
  const out: T[] = [];
  let pages = 0;
  // Leaving the loop by throwing closes the paginator, so no request is made past the check.
  for await (const page of call.pages) {
    pages++;
    out.push(...(call.items(page) ?? []));
    const token = call.nextToken(page);
    if (!token) return out;
    if (seen.has(token)) {
      throw failed(
        new PaginationError(
          PAGINATION_LOOP,
          call.operation,
          pages,
          `page ${pages} handed back the page token "${clip(token)}" that an earlier page already gave: ` +
            `the listing would never end, so it was stopped after ${pages} requests.`,
        ),
      );
    }
    seen.add(token);
    if (pages >= maxPages) {
      throw failed(
        new PaginationError(
          TOO_MANY_PAGES,
          call.operation,
          pages,
          `still had more results after ${pages} pages, the most one listing may take; stopped rather than read without end.`,
        ),
      );
    }
  }
  return out;
}

function failed(err: PaginationError): PaginationError {
  markFailedOperation(err, err.operation);
  return err;
}

function clip(token: string): string {
  return token.length > 40 ? `${token.slice(0, 40)}…` : token;
}
