/** Clerk's Backend API error body: `{ errors: [{ code, message, long_message }] }`. */
export type ClerkErrorJSON = {
  errors: { code: string; message: string; long_message: string; meta?: Record<string, unknown> }[];
  clerk_trace_id?: string;
};

export class ClerkError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string = message,
  ) {
    super(message);
    this.name = 'ClerkError';
  }

  toJSON(): ClerkErrorJSON {
    return { errors: [{ code: this.code, message: this.message, long_message: this.longMessage }] };
  }
}

export const notFound = (what: string) =>
  new ClerkError(404, 'resource_not_found', 'not found', `${what} not found`);

export const invalidParam = (param: string, longMessage: string) =>
  new ClerkError(422, 'form_param_format_invalid', 'is invalid', `${param}: ${longMessage}`);
