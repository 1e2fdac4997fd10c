/**
 * Other vendors' products and SDKs, whose codes share numbers with the catalogs' (`FirebaseAuthException
 * [17009]` is no Huawei revoke sub-error, `wechat login fails: appsecret is wrong` no quick-app 6004).
 * A text naming one of them and none of the catalogs' products, tables or endpoints is about that
 * vendor: a lookup says "no such code", a scan stays silent. Products of the catalogs' own vendors
 * that the catalogs do not cover (QQ Mail, QQ Music) count as other products: `qq` in them names no
 * MSDK table. Device makers are not here: `小米 13` in a player's ticket names a phone, not a login SDK;
 * nor are the places a post is read (Google Play's reviews, 微博): the game's own error is quoted there.
 * gRPC's own status (`grpc-status: 16` is UNAUTHENTICATED) is another system's code, as an SMTP reply is.
 */
const OTHER_VENDOR_SOURCE = String.raw`(?<![a-z0-9_])(?:wechat|weixin|firebase\w*|play billing|billingclient|play games services|google sign[- ]?in|storekit|skerror\w*|asauthorization\w*|facebook|fbsdk\w*|agora|alipay|stripe|paypal|apple|steam(?:works)?|epic online services|xbox live|playstation network|unity ads|admob|appsflyer|qq ?mail|qq ?music|smtp|imap|grpc[-_ ]?(?:status|message))(?![a-z0-9_-]|\.[a-z])|微信|支付宝|抖音|qq邮箱|qq音乐`;

/** Searched in a lower-cased text without the `i` flag where one is at hand (a lookup's question, tested every time). */
const OTHER_VENDOR = new RegExp(OTHER_VENDOR_SOURCE);
const OTHER_VENDOR_ANY_CASE = new RegExp(OTHER_VENDOR_SOURCE, 'i');
const OTHER_VENDORS = new RegExp(OTHER_VENDOR_SOURCE, 'gi');

/** The first other vendor's product the text names; `lower`, when given, is the text in lower case. */
export function otherVendorIn(text: string, lower?: string): string | undefined {
  return (lower === undefined ? OTHER_VENDOR_ANY_CASE.exec(text) : OTHER_VENDOR.exec(lower))?.[0];
}

/** The text with every other vendor's product name blanked out (what is left may still name the catalogs' own). */
export function withoutOtherVendors(text: string): string {
  return text.replace(OTHER_VENDORS, ' ');
}

/**
 * Table keywords every vendor's SDK shares (`login`, `access token`, `revoke`, `group`): beside
 * another vendor's name they do not say the text is about the catalogs' products, where an endpoint,
 * a method or a product's own word does (`oidb`, `joinGroup`, `getTokenInfo`, `qq login`, `公会绑群`).
 */
export const SHARED_TABLE_WORDS: ReadonlySet<string> = new Set([
  'login',
  '登录',
  'access token',
  'refresh token',
  'access_token',
  'id token',
  'id_token',
  'token info',
  'revoke',
  'revoke token',
  'user info',
  '用户信息',
  'nickname',
  'avatar',
  'phone number',
  'public key',
  'jwt',
  'jwks',
  'certs',
  'flow control',
  '流控',
  'overload',
  'send message',
  'downlink message',
  'group',
  '群',
  'union',
  'guild',
  'achievement',
  'achievements',
  '成就',
  'real name',
  'unionid',
  'openid connect',
]);
