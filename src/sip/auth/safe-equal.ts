/**
 * Constant-time comparison of two strings of equal length (digest responses, nonce MACs),
 * without the two Buffer allocations `timingSafeEqual` needs per call.
 */
export function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
