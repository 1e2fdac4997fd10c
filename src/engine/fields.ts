/** The names a field goes by in payloads, logs and queries, mapped to the catalogs' field names. */
import type { FieldName } from '../catalog/schema.js';

export const FIELD_ALIASES: Readonly<Record<string, FieldName>> = Object.freeze({
  ret: 'ret',
  result: 'ret',
  retcode: 'ret',
  ret_code: 'ret',
  code: 'code',
  errcode: 'errCode',
  err_code: 'errCode',
  error_code: 'code',
  errorcode: 'code',
  resultcode: 'resultCode',
  result_code: 'resultCode',
  error: 'error',
  err: 'error',
  sub_error: 'sub_error',
  suberror: 'sub_error',
  sub_err: 'sub_error',
  suberr: 'sub_error',
  // MSDK callbacks report the platform's return code as `flag` (OnLoginNotify, share callbacks).
  flag: 'ret',
  nsp_status: 'NSP_STATUS',
  'nsp-status': 'NSP_STATUS',
  nspstatus: 'NSP_STATUS',
  http: 'http_status',
  status: 'http_status',
  statuscode: 'http_status',
  status_code: 'http_status',
  http_status: 'http_status',
});

/**
 * The aliases as a Map: own keys only (a header cell named `constructor` is no field), and a
 * look-up of a string made by toLowerCase needs no interning, as a property look-up does (that was
 * the largest line of parsing a typed question).
 */
const FIELD_BY_NAME: ReadonlyMap<string, FieldName> = new Map(Object.entries(FIELD_ALIASES));

export function fieldFor(key: string): FieldName | undefined {
  return FIELD_BY_NAME.get(key.toLowerCase());
}
