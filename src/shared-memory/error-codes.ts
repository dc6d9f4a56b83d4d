/** Diagnostic and error codes raised by the shared-memory layer (TF1xxx). See docs/errors/. */
import { defineCodes } from './twinframe-error.ts';

export const SHARED_MEMORY_CODES = defineCodes({
  CODE_TABLE_INVALID: { code: 'TF1000', severity: 'fatal', summary: 'An error-code table is malformed (internal consistency check).' },
  RING_CAPACITY_INVALID: { code: 'TF1001', severity: 'error', summary: 'A ring capacity is not a power of two within the supported range.' },
  RING_RECORD_TOO_LARGE: { code: 'TF1002', severity: 'error', summary: 'A ring record is larger than the ring can ever hold, or its size is not a byte count.' },
  RING_RECORD_TYPE_INVALID: { code: 'TF1003', severity: 'error', summary: 'A ring record type is outside 0..65534.' },
  RING_BUFFER_INVALID: { code: 'TF1004', severity: 'error', summary: 'A buffer handed to RingWriter or RingReader is not a ring made by createRingBuffer.' },
  RING_FRAMING_CORRUPT: { code: 'TF1005', severity: 'error', summary: 'The ring reader found a malformed record header and discarded every published record.' },
  SHARED_ARRAY_BUFFER_UNAVAILABLE: { code: 'TF1006', severity: 'fatal', summary: 'SharedArrayBuffer is missing: the page is not cross-origin isolated.' },
  RING_OPTIONS_INVALID: { code: 'TF1007', severity: 'error', summary: 'A ring option (such as maxRecords) is out of range.' },
  STATE_SCHEMA_INVALID: { code: 'TF1008', severity: 'fatal', summary: 'A state schema has a duplicate or empty field name, an unknown element type or a bad count.' },
  STATE_PUBLISH_FAULT_INJECTED: { code: 'TF1010', severity: 'error', summary: 'A StateWriter publish failed because a test or the demo armed injectPublishFault (the reader keeps the last good publish).' },
  STATE_BUFFER_INVALID: { code: 'TF1009', severity: 'error', summary: 'A buffer handed to StateWriter or StateReader is not a state buffer of that schema, or its capacity is out of range.' },
});
