import fc from 'fast-check';

/** Header-safe strings (what a client can put in a header): tab, printable ASCII, Latin-1. */
export const headerSafeString = (maxLength: number) =>
  fc.string({
    unit: fc
      .oneof(
        { arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 8 },
        { arbitrary: fc.constant(0x09), weight: 1 },
        { arbitrary: fc.integer({ min: 0x80, max: 0xff }), weight: 1 },
      )
      .map((code) => String.fromCharCode(code)),
    maxLength,
  });

/** A stable seed (override with FC_SEED) so a failure replays; fast-check prints it too. */
export const FC_SEED = Number(process.env.FC_SEED ?? 20_260_605);
