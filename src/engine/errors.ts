// Errors a user can fix: they carry a hint and are printed without a stack trace.

export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
