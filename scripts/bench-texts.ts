/**
 * The chat-like and log-like lines the bench repeats into its scan and redaction texts, in one place
 * so the equivalence corpora (test/helpers/scan-corpus.ts, test/secrets-equivalence.test.ts) read
 * exactly what the bench measures.
 */
export const BENCH_CHAT_LINES: readonly string[] = [
  'hey team, build 6.11.0 is out, PR #6004 merged, standup at 10:30',
  'we have 500 users in the beta, p95 is 102 ms, port 8080 is fine',
  '登录报错 6004 get player info fail 怎么办',
  'anyone seen {"code":"80300007","msg":"All the tokens are invalid"} before?',
  'sprint 15 planning on monday, 3 PRs left, coverage 70.2%',
];
export const BENCH_LOG_LINES: readonly string[] = [
  '2024-10-22T08:10:39.102Z INFO  [http] GET /healthz 200 1ms',
  '2024-10-22T08:10:39.233Z INFO  [push] sent {"code":"80000000","msg":"Success","requestId":"172958463912345670000302"}',
  '2024-10-22T08:10:40.001Z ERROR [oauth] POST https://oauth-login.cloud.huawei.com/oauth2/v3/token <- 400 {"sub_error":20155,"error_description":"code expired","error":1101}',
  '2024-10-22T08:10:40.120Z WARN  [msdk] OnLoginNotify platform=qq ret=-73 desc=token invalid',
  '2024-10-22T08:10:41.550Z DEBUG [pool] 12 idle, 3 busy, pid 23871',
];
export const BENCH_CHAT = BENCH_CHAT_LINES.join('\n');
export const BENCH_LOG = BENCH_LOG_LINES.join('\n');

/** The bench's free-text questions (typos, mixed languages), also asked by the lookup equivalence corpus. */
export const BENCH_FUZZY_QUERIES: readonly string[] = [
  'acess token expried',
  'appid is overload blocked',
  'refresh_token过期',
  'signature verifcation fails',
  'openid is reclamed',
  'sensitive informaton',
];
