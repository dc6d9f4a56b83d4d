/** Diagnostic and error codes raised by the protocol layer (TF2xxx; this file: TF2001-TF2099). See docs/errors/. */
import { defineCodes } from '../shared-memory/twinframe-error.ts';

export const PROTOCOL_CODES = defineCodes({
  COMMAND_OPCODE_UNKNOWN: { code: 'TF2001', severity: 'error', summary: 'A command record has an opcode the reader does not know; it was skipped.' },
  COMMAND_LENGTH_INVALID: { code: 'TF2002', severity: 'error', summary: "A command record's payload length does not match its opcode; it was skipped." },
  CALLBACK_RECORD_INVALID: { code: 'TF2003', severity: 'error', summary: 'A callback record has an unknown type or an impossible length; it was skipped.' },
  DIAGNOSTIC_RECORD_INVALID: { code: 'TF2004', severity: 'error', summary: 'A diagnostic record is malformed; it was skipped.' },
  QUEUE_CAPACITY_INVALID: { code: 'TF2005', severity: 'error', summary: 'A queue was created with a capacity or message limit out of range.' },
  QUEUE_BUFFER_INVALID: { code: 'TF2006', severity: 'error', summary: 'A queue end was attached to a ring that was not made for that queue.' },
});
