/**
 * Data-connection tickets: a member on TLS never sends its one-time transfer token in the clear. Its data connection
 * (cleartext, `SBNG` + one frame) carries `{t:'data', ticket}` with
 *   ticket = b64u( HMAC-SHA256( key = CB_data, "sarangbang-data-ticket" || token ) )
 * where CB_data is the TLS exporter of the member's CHAT connection (tls-options.ts) and `token` the token string's
 * UTF-8 bytes. Host and client compute the same value; a copied token (or ticket) is useless to anyone without that
 * chat connection's CB_data.
 */
import { createHmac } from 'node:crypto';

export const DATA_TICKET_LABEL = 'sarangbang-data-ticket';

/** The ticket of `token` for the chat connection whose CB_data is `cbData`. */
export function dataTicket(cbData: Uint8Array, token: string): string {
  return createHmac('sha256', cbData).update(DATA_TICKET_LABEL, 'utf8').update(token, 'utf8').digest('base64url');
}
